package dev.larder.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.larder.server.LarderServer;
import dev.larder.server.ServerConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lettuce (Netty-based, RESP3 by default via HELLO) against the server, sync and async. */
class LettuceTest {
    @TempDir static Path dir;
    private static LarderServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LarderServer.start(ServerConfig.defaults().withPort(0).withDir(dir).withRequirePass("s3cret"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RedisClient client(ProtocolVersion protocol) {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(server.port()).withPassword("s3cret".toCharArray())
                .withTimeout(Duration.ofSeconds(10)).build();
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        return client;
    }

    @Test
    void resp3WithAuthenticationThroughHello() {
        RedisClient client = client(ProtocolVersion.RESP3);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.set("k", "v")).isEqualTo("OK");
            assertThat(redis.get("k")).isEqualTo("v");
            assertThat(redis.get("missing")).isNull();
            assertThat(redis.incrbyfloat("f", 0.5)).isEqualTo(0.5);
            assertThat(redis.mget("k", "missing")).containsExactly(KeyValue.just("k", "v"), KeyValue.empty("missing"));
            assertThat(redis.configGet("maxclients")).containsEntry("maxclients", "10000");
            assertThat(redis.info("keyspace")).contains("db0:keys=");
            assertThat(redis.clientGetname()).isNull();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void resp2AsyncPipelineKeepsOrder() throws Exception {
        RedisClient client = client(ProtocolVersion.RESP2);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> redis = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<Long>> increments = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) increments.add(redis.incr("counter"));
            connection.flushCommands();
            for (int i = 0; i < increments.size(); i++) {
                assertThat(increments.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
            }
        } finally {
            client.shutdown();
        }
    }
}
