package dev.larder.store.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.store.CatalogEntry;
import dev.larder.store.ContentId;
import dev.larder.store.EntryKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which files become hardlinks to which: one inode on one device, with one content, and never empty files. */
class HardlinkGroupsTest {
    private static final ContentId A = id(1), B = id(2);

    @Test
    void filesOfOneInodeLinkToTheFirst() {
        CatalogEntry first = file("a", 7, 100, A), second = file("b", 7, 100, A), other = file("c", 7, 101, A);
        HardlinkGroups groups = HardlinkGroups.of(List.of(first, second, other));
        assertThat(groups.leaderOf(first)).isNull();
        assertThat(groups.leaderOf(second)).isSameAs(first);
        assertThat(groups.leaderOf(other)).isNull();
    }

    @Test
    void theSameInodeNumberOnAnotherDeviceIsAnotherFile() {
        CatalogEntry first = file("a", 7, 100, A), elsewhere = file("b", 8, 100, A);
        HardlinkGroups groups = HardlinkGroups.of(List.of(first, elsewhere));
        assertThat(groups.leaderOf(elsewhere)).isNull();
    }

    @Test
    void aDifferentContentOrAnEmptyFileIsNeverLinked() {
        CatalogEntry first = file("a", 7, 100, A), changed = file("b", 7, 100, B);
        CatalogEntry empty1 = new CatalogEntry("e1".getBytes(UTF_8), EntryKind.FILE.code, 0644, 0, 0, 200, 7, A, null);
        CatalogEntry empty2 = new CatalogEntry("e2".getBytes(UTF_8), EntryKind.FILE.code, 0644, 0, 0, 200, 7, A, null);
        HardlinkGroups groups = HardlinkGroups.of(List.of(first, changed, empty1, empty2));
        assertThat(groups.leaderOf(changed)).as("changed between the two reads").isNull();
        assertThat(groups.leaderOf(empty2)).isNull();
    }

    private static CatalogEntry file(String name, long device, long inode, ContentId content) {
        return new CatalogEntry(name.getBytes(UTF_8), EntryKind.FILE.code, 0644, 10, 0, inode, device, content, null);
    }

    private static ContentId id(int fill) {
        byte[] bytes = new byte[ContentId.LENGTH_BYTES];
        Arrays.fill(bytes, (byte) fill);
        return new ContentId(bytes);
    }
}
