package dev.larder.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.store.internal.CatalogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-crafted catalogs that try to reach outside the target: all refused, nothing outside changes. */
class HostileCatalogTest {
    @TempDir
    Path tmp;

    Path outside;
    Path target;
    ContentStore store;
    ContentId content;

    @BeforeEach
    void setUp() throws IOException {
        outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("precious"), "do not touch");
        target = tmp.resolve("target");
        Files.createDirectories(target);
        store = ContentStore.open(tmp.resolve("store"));
        Path src = tmp.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("payload"), "evil payload");
        ContentId id = store.snapshot(src, null, false, null).catalogId();
        content = store.entries(id.hex()).getFirst().contentId();
    }

    @Test
    void escapingNamesAreRefusedAndNothingOutsideChanges() throws IOException {
        List<CatalogEntry> entries = new ArrayList<>();
        entries.add(file("../outside/precious"));
        entries.add(file("/" + outside.resolve("abs")));
        entries.add(file("nul\0name"));
        entries.add(file("a//b"));
        entries.add(file("./dot"));
        entries.add(file("trailing/"));
        entries.add(dir("d"));
        entries.add(file("d/../../outside/x"));
        entries.add(file("ok"));
        entries.add(file("ok"));                         // duplicate
        entries.add(symlink("link", outside.toString()));
        entries.add(file("link/precious"));              // through a symlink
        entries.add(file("ok/child"));                   // under a file
        entries.add(file("missing-parent/child"));
        entries.add(new CatalogEntry("dev".getBytes(UTF_8), 7, 0644, 0, 0, 0, 0, null, null)); // device
        Map<String, String> before = TreeFixture.describe(outside);

        RestoreResult r = store.restore(publish(entries).hex(), target, false, null);

        assertThat(TreeFixture.describe(outside)).isEqualTo(before);
        assertThat(r.refused()).hasSize(12);
        assertThat(String.join("\n", r.refused())).contains("'..' component", "absolute path", "NUL", "empty path component",
                "'.' component", "duplicate entry", "parent is a symlink", "parent is a file", "parent is not a directory entry", "unsupported kind 7");
        assertThat(Files.readString(target.resolve("ok"))).isEqualTo("evil payload");
        assertThat(Files.isSymbolicLink(target.resolve("link"))).isTrue();
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aRefusedNameGivenAgainIsADuplicateAndTheFirstOfAnAcceptedNameWins() throws IOException {
        CatalogEntry firstOk = file("ok");
        CatalogEntry secondOk = new CatalogEntry("ok".getBytes(UTF_8), EntryKind.DIRECTORY.code, 0755, 0, 1_000_000_000L, 0, 0, null, null);
        List<CatalogEntry> entries = List.of(file("../x"), file("../x"), firstOk, secondOk, file("ok/child"));

        RestoreResult r = store.restore(publish(entries).hex(), target, false, null);

        assertThat(r.refused()).as("parents first: by depth, then catalog order").containsExactly("ok: duplicate entry",
                "../x: '..' component", "../x: duplicate entry", "ok/child: parent is a file in the catalog");
        assertThat(Files.readString(target.resolve("ok"))).as("the first 'ok', a file").isEqualTo("evil payload");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void symlinksWithoutAUsableTargetAreRefused() throws IOException {
        List<CatalogEntry> entries = List.of(symlink("nul", "a\0/etc/passwd"), symlink("empty", ""), symlink("fine", "elsewhere"));

        RestoreResult r = store.restore(publish(entries).hex(), target, false, null);

        assertThat(r.refused()).containsExactlyInAnyOrder("nul: symlink target contains NUL",
                "empty: symlink without a target");
        assertThat(Files.readSymbolicLink(target.resolve("fine")).toString()).isEqualTo("elsewhere");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void existingSymlinkInTargetIsReplacedNotWrittenThrough() throws IOException {
        Files.createSymbolicLink(target.resolve("d"), outside);
        Files.createSymbolicLink(target.resolve("precious"), outside.resolve("precious"));
        Map<String, String> before = TreeFixture.describe(outside);

        RestoreResult r = store.restore(publish(List.of(dir("d"), file("d/precious"), file("precious"))).hex(), target, false, null);

        assertThat(r.errors()).isEmpty();
        assertThat(TreeFixture.describe(outside)).isEqualTo(before);
        assertThat(Files.isDirectory(target.resolve("d"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(target.resolve("d/precious"))).isEqualTo("evil payload");
        assertThat(Files.isSymbolicLink(target.resolve("precious"))).isFalse();
    }

    private ContentId publish(List<CatalogEntry> entries) throws IOException {
        return new CatalogFiles(store.root()).write(entries, null); // version 1: the target keeps its own mode
    }

    private CatalogEntry file(String name) {
        return new CatalogEntry(name.getBytes(UTF_8), EntryKind.FILE.code, 0644, 12, 1_000_000_000L, 0, 0, content, null);
    }

    private static CatalogEntry dir(String name) {
        return new CatalogEntry(name.getBytes(UTF_8), EntryKind.DIRECTORY.code, 0755, 0, 1_000_000_000L, 0, 0, null, null);
    }

    private static CatalogEntry symlink(String name, String to) {
        return new CatalogEntry(name.getBytes(UTF_8), EntryKind.SYMLINK.code, 0777, 0, 0, 0, 0, null, to.getBytes(UTF_8));
    }
}
