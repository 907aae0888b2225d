package dev.larder.server.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** KeyTable against a HashMap model, and SCAN's guarantee while the table grows and shrinks. */
class KeyTableTest {
    private static byte[] key(int i) {
        return ("k" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @RepeatedTest(20)
    void behavesLikeAMapWhileScansSeeEveryKeyPresentThroughout(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        KeyTable table = new KeyTable(0);
        Map<ByteBuffer, Long> model = new HashMap<>();
        int keySpace = 1 + random.nextInt(5_000);
        for (int round = 0; round < 30; round++) {
            Set<ByteBuffer> presentAtStart = new HashSet<>(model.keySet());
            Set<ByteBuffer> removedDuringScan = new HashSet<>();
            Set<ByteBuffer> seen = new HashSet<>();
            long cursor = 0;
            int steps = 0;
            do {
                List<KeyTable.Node> page = new ArrayList<>();
                cursor = table.scan(cursor, 1 + random.nextInt(50), page);
                for (KeyTable.Node node : page) seen.add(ByteBuffer.wrap(node.key));
                for (int op = random.nextInt(200); op > 0; op--) { // change the table between steps
                    byte[] key = key(random.nextInt(keySpace));
                    ByteBuffer wrapped = ByteBuffer.wrap(key);
                    if (random.nextInt(3) == 0) {
                        assertThat(table.remove(key, KeyTable.hash(key))).isEqualTo(model.remove(wrapped) != null);
                        removedDuringScan.add(wrapped);
                    } else {
                        long expiry = random.nextInt(3);
                        table.put(key, KeyTable.hash(key), expiry);
                        model.put(wrapped, expiry);
                    }
                }
            } while (cursor != 0 && ++steps < 1_000_000);
            assertThat(cursor).isZero();
            for (ByteBuffer key : presentAtStart) {
                if (!removedDuringScan.contains(key)) assertThat(seen).as("present for the whole scan").contains(key);
            }
            assertThat(table.size()).isEqualTo(model.size());
            for (var entry : model.entrySet()) {
                byte[] key = entry.getKey().array();
                assertThat(table.find(key, KeyTable.hash(key)).expireAtMs).isEqualTo(entry.getValue());
            }
        }
        assertThat(table.nodes()).hasSize(model.size());
        if (table.size() > 0) assertThat(model).containsKey(ByteBuffer.wrap(table.random().key));
    }

    @RepeatedTest(5)
    void warmingKeysChangesNothing(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        KeyTable table = new KeyTable(0);
        for (int i = 0; i < 2_000; i++) {
            byte[] key = key(random.nextInt(4_000));
            table.put(key, KeyTable.hash(key), i);
        }
        List<KeyTable.Node> before = table.nodes();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) keys.add(random.nextInt(4) == 0 ? new byte[0] : key(random.nextInt(8_000))); // present, absent, empty

        table.warm(keys);
        table.warm(List.of());

        assertThat(table.nodes()).containsExactlyElementsOf(before);
        for (KeyTable.Node node : before) assertThat(table.find(node.key, node.hash)).isSameAs(node);
    }
}
