package dev.larder.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Data larger than the memory tier, read through Jedis: a key's first read from disk is served
 * and left out of the full memory tier (INFO larder counts it), a repeat read is promoted, and
 * every read is exact, the one served from the directory after promotion included.
 */
class LargerThanMemoryReadTest {
    private static final int KEYS = 2000;

    @TempDir Path dir;

    @Test
    void firstDiskReadsStayOnDiskRepeatReadsArePromotedAndAllAreExact() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDir(dir).withMaxMemory(256 << 10).withDiskCapacity(64L << 20);
        try (LarderServer server = LarderServer.start(config); Jedis jedis = new Jedis("127.0.0.1", server.port(), 30_000)) {
            for (int i = 0; i < KEYS; i++) jedis.set(key(i), value(i)); // 2 MiB through 256 KiB
            long skipped = field(jedis.info("larder"), "disk_hits_not_promoted");

            assertThat(jedis.get(key(0))).isEqualTo(value(0)); // written first: long evicted
            long afterFirst = field(jedis.info("larder"), "disk_hits_not_promoted");
            assertThat(afterFirst).as("first read left on disk").isEqualTo(skipped + 1);

            for (int round = 0; round < 3; round++) assertThat(jedis.get(key(0))).isEqualTo(value(0));
            assertThat(field(jedis.info("larder"), "disk_hits_not_promoted")).as("repeat reads promoted").isEqualTo(afterFirst);

            for (int i = 0; i < KEYS; i += 7) assertThat(jedis.get(key(i))).as(key(i)).isEqualTo(value(i));
        }
    }

    @Test
    void pipelinedGetsThatMissMemoryShareMergedDiskReadsAndOneKeyIsReadOnce() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDir(dir).withMaxMemory(256 << 10).withDiskCapacity(64L << 20);
        try (LarderServer server = LarderServer.start(config); Jedis jedis = new Jedis("127.0.0.1", server.port(), 30_000)) {
            Pipeline writes = jedis.pipelined();
            for (int i = 0; i < 5 * KEYS; i++) writes.set(key(i), value(i)); // 10 MiB: the first keys' region is no longer buffered
            writes.sync();
            int from = 100, count = 50; // written one after another, long evicted from memory: neighbours on disk

            long readsBefore = field(jedis.info("larder"), "disk_reads");
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> replies = new ArrayList<>();
            for (int i = from; i < from + count; i++) replies.add(pipeline.get(key(i)));
            pipeline.sync();
            for (int i = 0; i < count; i++) assertThat(replies.get(i).get()).as(key(from + i)).isEqualTo(value(from + i));
            long pipelinedReads = field(jedis.info("larder"), "disk_reads") - readsBefore;
            assertThat(pipelinedReads).as("%d pipelined GETs of neighbours", count).isBetween(1L, 5L);

            long recordsBefore = field(jedis.info("larder"), "disk_records_read");
            Pipeline sameKey = jedis.pipelined();
            List<Response<String>> copies = new ArrayList<>();
            for (int i = 0; i < 20; i++) copies.add(sameKey.get(key(200)));
            sameKey.sync();
            for (Response<String> copy : copies) assertThat(copy.get()).isEqualTo(value(200));
            assertThat(field(jedis.info("larder"), "disk_records_read") - recordsBefore).as("20 pipelined GETs of one key").isEqualTo(1);

            readsBefore = field(jedis.info("larder"), "disk_reads");
            for (int i = 300; i < 310; i++) assertThat(jedis.get(key(i))).isEqualTo(value(i));
            assertThat(field(jedis.info("larder"), "disk_reads") - readsBefore).as("10 GETs one at a time").isEqualTo(10);
        }
    }

    /** Keys and values of one width: the full tier's slack is then always less than one entry. */
    private static String key(int i) {
        return String.format("key:%05d", i);
    }

    private static String value(int i) {
        return String.format("%05d:", i) + "x".repeat(1000);
    }

    private static long field(String info, String name) {
        List<String> lines = info.lines().filter(l -> l.startsWith(name + ":")).toList();
        assertThat(lines).hasSize(1);
        return Long.parseLong(lines.getFirst().substring(name.length() + 1).trim());
    }
}
