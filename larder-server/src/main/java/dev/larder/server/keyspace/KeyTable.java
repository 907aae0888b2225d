package dev.larder.server.keyspace;

import dev.larder.cache.MemoryTierSlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One database's keys and expiries: a chained hash table with Redis's SCAN cursor. Written here
 * rather than taken from java.util because SCAN needs Redis's guarantee (every key present for the
 * whole scan is returned, across resizes), which only a reverse-binary cursor over power-of-two
 * buckets gives; and lookups must stay as cheap as a HashMap's (a TreeMap cost a quarter of GET).
 * Not thread-safe: the keyspace lock guards it.
 */
final class KeyTable {
    private static final int MIN_BUCKETS = 16;

    /**
     * A key (with its database and hash: the node is the key's {@link StoreKey}), its expiry
     * (epoch ms, 0 = never), the next node of its bucket, and the key's value while the memory
     * tier holds it (null otherwise; see {@link Keyspace}). Also the key's memory-tier key, which
     * keeps its memory-tier entry (decision 37).
     */
    static final class Node extends StoreKey implements MemoryTierSlot {
        long expireAtMs;
        byte[] value;
        Node next;
        private volatile Object memoryTierEntry;

        private Node(int db, byte[] key, int hash) {
            super(db, key, hash);
        }

        @Override
        public Object memoryTierEntry() {
            return memoryTierEntry;
        }

        @Override
        public void memoryTierEntry(Object entry) {
            memoryTierEntry = entry;
        }
    }

    private final int db;
    private Node[] buckets = new Node[MIN_BUCKETS];
    private int size;

    KeyTable(int db) {
        this.db = db;
    }

    static int hash(byte[] key) {
        int h = Arrays.hashCode(key); // murmur3's fmix32 on top: Arrays.hashCode alone clusters similar keys
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    Node find(byte[] key, int hash) {
        for (Node node = buckets[hash & (buckets.length - 1)]; node != null; node = node.next) {
            if (node.hash == hash && Arrays.equals(node.key, key)) return node;
        }
        return null;
    }

    /**
     * Reads, and changes nothing, the entries of {@code keys} ahead of the commands that will look
     * them up: one level at a time for all of them (bucket, node, key bytes, value), so a batch's
     * cache misses overlap instead of waiting one after another. Returns a value made of what it
     * read, for the caller to keep, so the compiler cannot drop the reads.
     */
    int warm(List<byte[]> keys) {
        int n = keys.size();
        int[] hashes = new int[n];
        for (int i = 0; i < n; i++) hashes[i] = hash(keys.get(i));
        Node[] table = buckets;
        Node[] heads = new Node[n];
        for (int i = 0; i < n; i++) heads[i] = table[hashes[i] & (table.length - 1)];
        int seen = 0;
        for (int i = 0; i < n; i++) if (heads[i] != null) seen += heads[i].hash;
        for (int i = 0; i < n; i++) {
            Node head = heads[i];
            if (head != null && head.hash == hashes[i]) {
                seen += head.key.length;
                if (head.value != null) seen += head.value.length;
            }
        }
        return seen;
    }

    /** Adds the key or updates its expiry; returns its node. */
    Node put(byte[] key, int hash, long expireAtMs) {
        Node node = find(key, hash);
        if (node == null) add(node = newNode(key, hash));
        node.expireAtMs = expireAtMs;
        return node;
    }

    /** A node for a key this table does not hold, not yet in it (see {@link #add}). */
    Node newNode(byte[] key, int hash) {
        return new Node(db, key, hash);
    }

    /** Adds a node from {@link #newNode} whose key is still absent. */
    void add(Node node) {
        int bucket = node.hash & (buckets.length - 1);
        node.next = buckets[bucket];
        buckets[bucket] = node;
        if (++size > buckets.length) resize(buckets.length * 2);
    }

    boolean remove(byte[] key, int hash) {
        int bucket = hash & (buckets.length - 1);
        Node previous = null;
        for (Node node = buckets[bucket]; node != null; previous = node, node = node.next) {
            if (node.hash == hash && Arrays.equals(node.key, key)) {
                if (previous == null) buckets[bucket] = node.next;
                else previous.next = node.next;
                size--;
                if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) resize(buckets.length / 2);
                return true;
            }
        }
        return false;
    }

    private void resize(int bucketCount) {
        Node[] old = buckets;
        buckets = new Node[bucketCount];
        for (Node head : old) {
            for (Node node = head; node != null; ) {
                Node next = node.next;
                int bucket = node.hash & (bucketCount - 1);
                node.next = buckets[bucket];
                buckets[bucket] = node;
                node = next;
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        buckets = new Node[MIN_BUCKETS];
        size = 0;
    }

    /** Every node, for KEYS and FLUSHDB (a copy: callers may remove while iterating). */
    List<Node> nodes() {
        List<Node> all = new ArrayList<>(size);
        for (Node head : buckets) for (Node node = head; node != null; node = node.next) all.add(node);
        return all;
    }

    /**
     * Redis's dictScan: visits whole buckets from {@code cursor} until at least {@code count}
     * nodes or the end, and returns the next cursor (0 when done). The cursor advances in
     * reverse-binary order, so buckets split or merged by a resize are neither skipped nor lost.
     */
    long scan(long cursor, int count, List<Node> out) {
        long mask = buckets.length - 1;
        long v = cursor;
        int emitted = 0;
        int steps = 0;
        do {
            for (Node node = buckets[(int) (v & mask)]; node != null; node = node.next) {
                out.add(node);
                emitted++;
            }
            v |= ~mask;
            v = Long.reverse(Long.reverse(v) + 1);
        } while (v != 0 && emitted < count && ++steps < count * 10L);
        return v;
    }

    /** A random node (random bucket, then random node in its chain), or null if empty. */
    Node random() {
        if (size == 0) return null;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Node head;
        do {
            head = buckets[random.nextInt(buckets.length)];
        } while (head == null);
        int length = 0;
        for (Node node = head; node != null; node = node.next) length++;
        Node node = head;
        for (int skip = random.nextInt(length); skip > 0; skip--) node = node.next;
        return node;
    }
}
