package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawNamesTest {
    @Test
    void everyByteStringSurvivesDecodeAndEncode() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] raw = randomName(rnd);
            String name = RawNames.decode(raw);
            assertThat(RawNames.encode(name)).as("case %d", i).isEqualTo(raw);
            assertThat(RawNames.escaped(name)).as("case %d", i).isEqualTo(!validUtf8(raw));
            if (validUtf8(raw)) assertThat(name).isEqualTo(new String(raw, StandardCharsets.UTF_8));
        }
    }

    @Test
    void escapedBytesPrintAsHex() {
        byte[] raw = {'c', 'a', 'f', (byte) 0xe9, '/', 0, (byte) 0xff};
        assertThat(RawNames.printable(RawNames.decode(raw))).isEqualTo("caf\\xe9/\\0\\xff");
        assertThat(RawNames.printable("plain/é")).isEqualTo("plain/é");
    }

    @Test
    void controlCharactersPrintAsHexSoEveryNameIsOneLine() {
        assertThat(RawNames.printable("new\nline\ttab\u001b[31m\u007f")).isEqualTo("new\\x0aline\\x09tab\\x1b[31m\\x7f");
        assertThat(RawNames.printable("a\r\u0000\u00ff")).isEqualTo("a\\x0d\\0\u00ff");
    }

    @Test
    void pathsCarryTheExactBytes() {
        assertThat(RawNames.available()).as("the test JVM opens sun.nio.fs, as the larder jar does").isTrue();
        byte[] raw = {'d', (byte) 0xff, '/', 'x', (byte) 0x80};
        Path dir = Path.of("/tmp/base");
        Path resolved = RawNames.resolve(dir, RawNames.decode(raw));
        assertThat(RawNames.bytes(resolved)).isEqualTo(concat("/tmp/base/".getBytes(StandardCharsets.UTF_8), raw));
        assertThat(RawNames.name(resolved)).isEqualTo(RawNames.decode(new byte[] {'x', (byte) 0x80}));
        assertThat(RawNames.bytes(RawNames.path("a//b/".getBytes(StandardCharsets.UTF_8)))).as("link targets stay as written")
                .isEqualTo("a//b/".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Mostly UTF-8 text with stray bytes, truncated sequences, encoded surrogates and real U+FFFD mixed in. */
    private static byte[] randomName(Random rnd) {
        ByteBuffer out = ByteBuffer.allocate(256);
        int parts = 1 + rnd.nextInt(8);
        for (int p = 0; p < parts; p++) {
            switch (rnd.nextInt(6)) {
                case 0 -> out.put((byte) ('a' + rnd.nextInt(26)));
                case 1 -> out.put((byte) (0x80 + rnd.nextInt(128)));
                case 2 -> out.put(codePoint(rnd));
                case 3 -> out.put(new byte[] {(byte) 0xED, (byte) 0xB3, (byte) (0x80 + rnd.nextInt(64))}); // encoded surrogate
                case 4 -> out.put(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}); // a genuine U+FFFD
                default -> {
                    byte[] cp = codePoint(rnd);
                    out.put(cp, 0, 1 + rnd.nextInt(cp.length)); // possibly truncated
                }
            }
        }
        byte[] raw = new byte[out.position()];
        out.flip().get(raw);
        return raw;
    }

    private static byte[] codePoint(Random rnd) {
        int cp;
        do cp = 0x80 + rnd.nextInt(0x10FFFF - 0x80); while (cp >= 0xD800 && cp <= 0xDFFF);
        return new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean validUtf8(byte[] raw) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
