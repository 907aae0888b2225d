package dev.larder.server.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients, for CLIENT LIST / KILL, INFO and the maxclients limit. Thread-safe. */
public final class Clients {
    private final ConcurrentHashMap<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong totalConnections = new AtomicLong();
    private final AtomicLong rejectedConnections = new AtomicLong();

    public long nextId() {
        return nextId.getAndIncrement();
    }

    /** Registers {@code session} unless {@code maxClients} are connected already. */
    public boolean admit(Session session, int maxClients) {
        if (sessions.size() >= maxClients) {
            rejectedConnections.incrementAndGet();
            return false;
        }
        sessions.put(session.id(), session);
        totalConnections.incrementAndGet();
        return true;
    }

    public void remove(Session session) {
        sessions.remove(session.id());
    }

    public int connected() {
        return sessions.size();
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
