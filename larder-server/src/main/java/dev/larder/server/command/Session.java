package dev.larder.server.command;

/**
 * One client connection's state as commands see it: selected database, protocol, identity,
 * authentication. Owned by the connection's event-loop thread; other threads only read it for
 * CLIENT LIST.
 */
public final class Session {
    private final long id;
    private final String address;
    private final String localAddress;
    private final long createdMs;
    private final Runnable disconnect;
    private volatile String name = "";
    private volatile String libName = "";
    private volatile String libVersion = "";
    private volatile int db;
    private volatile int protocol = 2;
    private volatile boolean authenticated;
    private volatile long lastInteractionMs;
    private volatile String lastCommand = "NULL";
    private boolean closeAfterReply;
    private boolean repliesOff;
    private boolean skipThisReply;
    private boolean skipNextReply;

    public Session(long id, String address, String localAddress, boolean authenticated, long nowMs, Runnable disconnect) {
        this.id = id;
        this.address = address;
        this.localAddress = localAddress;
        this.authenticated = authenticated;
        this.createdMs = nowMs;
        this.lastInteractionMs = nowMs;
        this.disconnect = disconnect;
    }

    public long id() { return id; }
    public String address() { return address; }
    public String localAddress() { return localAddress; }
    public long createdMs() { return createdMs; }
    public String name() { return name; }
    public void name(String name) { this.name = name; }
    public String libName() { return libName; }
    public void libName(String libName) { this.libName = libName; }
    public String libVersion() { return libVersion; }
    public void libVersion(String libVersion) { this.libVersion = libVersion; }
    public int db() { return db; }
    public void db(int db) { this.db = db; }
    public int protocol() { return protocol; }
    public void protocol(int protocol) { this.protocol = protocol; }
    public boolean authenticated() { return authenticated; }
    public void authenticated(boolean authenticated) { this.authenticated = authenticated; }
    public long lastInteractionMs() { return lastInteractionMs; }
    public String lastCommand() { return lastCommand; }

    /** The command CLIENT LIST shows as the last; the read that brought it already counted as activity. */
    public void ran(String command) {
        this.lastCommand = command;
    }

    /** Any read or write on the connection: what Redis's idle timeout counts. */
    public void active(long nowMs) {
        this.lastInteractionMs = nowMs;
    }

    /** CLIENT REPLY ON: replies go out again, this one first. */
    public void repliesOn() {
        repliesOff = false;
        skipThisReply = false;
    }

    /** CLIENT REPLY OFF: no reply goes out, this one included, until CLIENT REPLY ON. */
    public void repliesOff() { repliesOff = true; }

    /** CLIENT REPLY SKIP: neither this reply nor the next goes out; nothing changes while replies are off. */
    public void skipThisAndNextReply() {
        if (repliesOff) return;
        skipThisReply = true;
        skipNextReply = true;
    }

    /** Called once per command, after it ran: whether its reply goes out. Moves a SKIP on to the next command. */
    public boolean replyTurn() {
        boolean send = !repliesOff && !skipThisReply;
        skipThisReply = skipNextReply;
        skipNextReply = false;
        return send;
    }

    /** The connection closes once the current reply is written (QUIT). */
    public void closeAfterReply() { closeAfterReply = true; }
    public boolean closingAfterReply() { return closeAfterReply; }

    /** Closes the connection from any thread (CLIENT KILL). */
    public void disconnect() {
        disconnect.run();
    }
}
