package dev.larder.server.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients, for CLIENT LIST / KILL, INFO and the maxclients limit. Thread-safe. */
public final class Clients {
    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong rejectedConnections = new AtomicLong();
    private final AtomicInteger connected = new AtomicInteger();
    private final ClientPause pause = new ClientPause();

    public ClientPause pause() {
        return pause;
    }

    public long nextId() {
        return nextId.getAndIncrement();
    }

    /**
     * Registers {@code session} unless {@code maxClients} are connected already. The count is
     * claimed before the check, so event loops admitting clients at once never exceed the limit.
     */
    public boolean admit(Session session, int maxClients) {
        if (connected.incrementAndGet() > maxClients) {
            connected.decrementAndGet();
            rejectedConnections.incrementAndGet();
            return false;
        }
        sessions.put(session.id(), session);
        totalConnections.incrementAndGet();
        return true;
    }

    /** Forgets an admitted session; nothing for one that was refused or already removed. */
    public void remove(Session session) {
        if (sessions.remove(session.id()) != null) connected.decrementAndGet();
    }

    public int connected() {
        return connected.get();
    }

    public long totalConnections() {
        return totalConnections.get();
    }

    public long rejectedConnections() {
        return rejectedConnections.get();
    }

    /** By id, as CLIENT LIST orders them. */
    public List<Session> list() {
        List<Session> all = new ArrayList<>(sessions.values());
        all.sort(Comparator.comparingLong(Session::id));
        return all;
    }
}
