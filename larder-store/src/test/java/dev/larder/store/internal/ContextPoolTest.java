package dev.larder.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ContextPool reuses an idle context rather than creating one per call, and closes all it holds. */
class ContextPoolTest {
    static final class FakeContext implements AutoCloseable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void reusesIdleContextsAndClosesThemAll() {
        List<FakeContext> created = new ArrayList<>();
        ContextPool<FakeContext> pool = new ContextPool<>(() -> {
            FakeContext c = new FakeContext();
            created.add(c);
            return c;
        });
        FakeContext first = pool.with(c -> c);
        FakeContext second = pool.with(c -> c);
        assertThat(second).isSameAs(first);
        FakeContext nested = pool.with(outer -> pool.with(inner -> inner)); // two callers at once need two contexts
        assertThat(created).hasSize(2).contains(nested);
        pool.close();
        assertThat(created).allMatch(c -> c.closed);
    }
}
