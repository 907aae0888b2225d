package dev.larder.server.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * What writers know about their keys when the server dies: acknowledged (the reply arrived),
 * unsure (sent, no reply) or gone (unsure, and a restart did not keep it). Every key's value is
 * {@link KeyedValues#valueOf}. After a restart, {@link #verify} checks acknowledged keys read back
 * exactly, unsure ones are absent or exact, and gone ones stay absent; then it settles the unsure
 * keys, so later rounds hold the server to what it kept.
 */
final class AckLedger {
    private static final int READ_BATCH = 64;
    private static final int PROBLEMS_SHOWN = 10;

    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> unsure = ConcurrentHashMap.newKeySet();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    void sending(Collection<String> keys) {
        unsure.addAll(keys);
    }

    void acknowledged(Collection<String> keys) {
        acked.addAll(keys);
        unsure.removeAll(keys);
    }

    int ackedCount() {
        return acked.size();
    }

    int unsureCount() {
        return unsure.size();
    }

    /** Problems found (empty when the server kept its word); settles the unsure keys either way. */
    List<String> verify(Jedis jedis) {
        List<String> problems = new ArrayList<>();
        check(jedis, List.copyOf(acked), Expectation.EXACT, problems);
        check(jedis, List.copyOf(gone), Expectation.ABSENT, problems);
        List<String> kept = check(jedis, List.copyOf(unsure), Expectation.ABSENT_OR_EXACT, problems);
        acked.addAll(kept);
        unsure.removeAll(kept);
        gone.addAll(unsure);
        unsure.clear();
        return problems.size() <= PROBLEMS_SHOWN ? problems
                : List.of(problems.size() + " problems, the first: " + problems.subList(0, PROBLEMS_SHOWN));
    }

    private enum Expectation { EXACT, ABSENT, ABSENT_OR_EXACT }

    /** Returns the keys found present with their exact value. */
    private static List<String> check(Jedis jedis, List<String> keys, Expectation expectation, List<String> problems) {
        List<String> present = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += READ_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + READ_BATCH));
            Pipeline pipeline = jedis.pipelined();
            List<Response<byte[]>> replies = new ArrayList<>(batch.size());
            for (String key : batch) replies.add(pipeline.get(key.getBytes(UTF_8)));
            pipeline.sync();
            for (int i = 0; i < batch.size(); i++) {
                String problem = judge(batch.get(i), replies.get(i).get(), expectation);
                if (problem != null) problems.add(problem);
                else if (replies.get(i).get() != null) present.add(batch.get(i));
            }
        }
        return present;
    }

    private static String judge(String key, byte[] actual, Expectation expectation) {
        if (actual == null) return expectation == Expectation.EXACT ? key + ": acknowledged but missing" : null;
        if (expectation == Expectation.ABSENT) return key + ": lost at an earlier restart but back with " + actual.length + " bytes";
        byte[] expected = KeyedValues.valueOf(key);
        if (Arrays.equals(actual, expected)) return null;
        return key + ": " + actual.length + " bytes differing from the " + expected.length + " written (first difference at "
                + Arrays.mismatch(actual, expected) + ")";
    }
}
