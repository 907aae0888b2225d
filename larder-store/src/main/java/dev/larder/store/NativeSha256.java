package dev.larder.store;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * SHA-256 by OpenSSL's libcrypto, through FFM, as a {@link MessageDigest}. The JDK's SHA-256 is
 * as fast only once C2 has compiled it onto its intrinsic, which C1 lacks (7x slower there), and
 * a CLI command is a JVM that lives a second: libcrypto (SHA-NI where the CPU has it) hashes at
 * full speed from the first byte, under either compiler. Arrays are passed in place (critical
 * downcalls, no copy); the context is a Java array too. Without libcrypto or native access,
 * {@link ContentId#sha256()} uses the JDK's.
 */
@SuppressWarnings("restricted") // native access is optional: without it the static block leaves this unavailable
final class NativeSha256 extends MessageDigest implements Cloneable {
    /** SHA256_CTX is 112 bytes (8 + 2 + 16 + 2 ints); 128 leaves room. Longs keep it 8-byte aligned. */
    private static final int CONTEXT_LONGS = 16;
    private static final int DIGEST_BYTES = 32;
    private static final long SLICE_BYTES = 1 << 20;
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle FINAL;

    static {
        MethodHandle init = null, update = null, fin = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
            Linker.Option inPlace = Linker.Option.critical(true);
            init = linker.downcallHandle(crypto.find("SHA256_Init").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS), inPlace);
            update = linker.downcallHandle(crypto.find("SHA256_Update").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), inPlace);
            fin = linker.downcallHandle(crypto.find("SHA256_Final").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), inPlace);
        } catch (RuntimeException | Error e) {
            init = update = fin = null; // no libcrypto 3, no native access, not Linux: the JDK's digest
        }
        INIT = init;
        UPDATE = update;
        FINAL = fin;
    }

    private long[] context = new long[CONTEXT_LONGS];

    private NativeSha256() {
        super("SHA-256");
        engineReset();
    }

    /** A fresh digest, or null if libcrypto cannot be used here. */
    static MessageDigest newOrNull() {
        return FINAL == null ? null : new NativeSha256();
    }

    @Override
    protected int engineGetDigestLength() {
        return DIGEST_BYTES;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, input.length);
        if (length == 0) return;
        try {
            check((int) UPDATE.invokeExact(MemorySegment.ofArray(context), MemorySegment.ofArray(input).asSlice(offset, length), (long) length));
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    /**
     * A direct buffer is hashed where it lies, a MiB per call: a critical call holds off
     * safepoints, so none may run long. Others as arrays.
     */
    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (!input.isDirect()) {
            super.engineUpdate(input);
            return;
        }
        MemorySegment bytes = MemorySegment.ofBuffer(input);
        try {
            for (long at = 0; at < bytes.byteSize(); at += SLICE_BYTES) {
                long length = Math.min(SLICE_BYTES, bytes.byteSize() - at);
                check((int) UPDATE.invokeExact(MemorySegment.ofArray(context), bytes.asSlice(at, length), length));
            }
        } catch (Throwable t) {
            throw failed(t);
        }
        input.position(input.limit());
    }

    @Override
    protected byte[] engineDigest() {
        byte[] digest = new byte[DIGEST_BYTES];
        try {
            check((int) FINAL.invokeExact(MemorySegment.ofArray(digest), MemorySegment.ofArray(context)));
        } catch (Throwable t) {
            throw failed(t);
        }
        engineReset();
        return digest;
    }

    @Override
    protected void engineReset() {
        try {
            check((int) INIT.invokeExact(MemorySegment.ofArray(context)));
        } catch (Throwable t) {
            throw failed(t);
        }
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        NativeSha256 copy = (NativeSha256) super.clone();
        copy.context = context.clone();
        return copy;
    }

    private static void check(int result) {
        if (result != 1) throw new IllegalStateException("libcrypto's SHA-256 failed");
    }

    private static RuntimeException failed(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException("libcrypto's SHA-256 failed", t);
    }
}
