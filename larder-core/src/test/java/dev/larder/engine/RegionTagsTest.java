package dev.larder.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RegionTags}: entries round-trip in write order, and both memory bounds hold. */
class RegionTagsTest {
    private static final int REGION = 256 << 10; // at most 256 entries a region (one per KiB); lists start at 64
    private static final Geometry GEOMETRY = Geometry.of(2L * 128 + 8L * REGION, 128, REGION);

    @Test
    void entriesComeBackInWriteOrderWithFullTagsAndBlocks() {
        RegionTags tags = new RegionTags(GEOMETRY, RegionTags.MAX_BYTES);
        tags.open(3);
        long widestTag = (1L << 48) - 1;
        tags.add(3, widestTag, 0);
        tags.add(3, 1, REGION / 128 - 1);
        assertThat(tags.tracked(3)).isTrue();
        assertThat(tags.count(3)).isEqualTo(2);
        assertThat(tags.tag(3, 0)).isEqualTo(widestTag);
        assertThat(tags.block(3, 0)).isZero();
        assertThat(tags.tag(3, 1)).isEqualTo(1);
        assertThat(tags.block(3, 1)).isEqualTo(REGION / 128 - 1);

        tags.open(3); // reused after a reclaim: empty again
        assertThat(tags.count(3)).isZero();
        assertThat(tags.tracked(0)).as("never opened by this process").isFalse();
    }

    @Test
    void listsStopAtOnePerKiBOfRegionAndAllTogetherWithinTheirBytes() {
        RegionTags tags = new RegionTags(GEOMETRY, 3 * 64 * Long.BYTES); // three first lists' worth
        tags.open(0);
        tags.open(1);
        fill(tags, 0, 65); // grows to 128 entries: all the room there is
        tags.open(2);
        assertThat(tags.tracked(2)).as("no room for a third list").isFalse();

        fill(tags, 1, 65); // cannot grow: untracked, and its 64 entries' room is free again
        assertThat(tags.tracked(1)).isFalse();
        tags.open(2);
        assertThat(tags.tracked(2)).isTrue();

        RegionTags roomy = new RegionTags(GEOMETRY, RegionTags.MAX_BYTES);
        roomy.open(0);
        fill(roomy, 0, REGION / 1024);
        assertThat(roomy.tracked(0)).isTrue();
        assertThat(roomy.count(0)).isEqualTo(REGION / 1024);
        fill(roomy, 0, 1); // one record more than one per KiB
        assertThat(roomy.tracked(0)).isFalse();
    }

    private static void fill(RegionTags tags, int region, int records) {
        for (int i = 0; i < records; i++) tags.add(region, i + 1, i);
    }
}
