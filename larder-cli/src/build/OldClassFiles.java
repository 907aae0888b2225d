import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step: rewrites the pre-Java-6 class files under the given packages of a jar as Java 8
 * class files with stack maps, the same code otherwise. The JVM's AOT cache cannot keep a class
 * older than version 50 ("Old class has been linked"), and picocli is built for Java 5 (its
 * issue 1623): every start of the CLI loaded, verified with the old verifier and interpreted its
 * ~160 classes again, ~70 ms of a 190 ms start (docs/performance.md). The JDK's ClassFile API
 * re-emits each method and computes its stack map frames.
 *
 * <pre>java OldClassFiles.java JAR PACKAGE/...</pre>
 */
public final class OldClassFiles {
    private static final int FIRST_VERSION_WITH_STACK_MAPS = ClassFile.JAVA_6_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) throw new IllegalArgumentException("usage: OldClassFiles JAR PACKAGE/...");
        Path jar = Path.of(args[0]);
        List<String> prefixes = List.of(args).subList(1, args.length);
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".rewriting");
        int count = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
             URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS, ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            for (ZipEntry entry : Collections.list(in.entries())) { // in order: the manifest stays first
                byte[] bytes;
                try (InputStream body = in.getInputStream(entry)) {
                    bytes = body.readAllBytes();
                }
                if (isOld(entry.getName(), bytes, prefixes)) {
                    bytes = upgrade(classFile, bytes);
                    count++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("OldClassFiles: " + count + " class files of " + prefixes + " rewritten as version " + ClassFile.JAVA_8_VERSION);
    }

    private static boolean isOld(String name, byte[] bytes, List<String> prefixes) {
        if (!name.endsWith(".class") || prefixes.stream().noneMatch(name::startsWith) || bytes.length < 8) return false;
        int major = (bytes[6] & 0xff) << 8 | (bytes[7] & 0xff);
        return major < FIRST_VERSION_WITH_STACK_MAPS;
    }

    private static byte[] upgrade(ClassFile classFile, byte[] bytes) {
        ClassTransform version = (builder, element) -> {
            if (element instanceof ClassFileVersion) builder.withVersion(ClassFile.JAVA_8_VERSION, 0);
            else builder.with(element);
        };
        return classFile.transformClass(classFile.parse(bytes), version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
    }
}
