package dev.larder.server.command;

/** What the dispatcher needs to know about a command beyond its arity. */
enum Flag {
    NONE, READ, WRITE, FAST,
    /** Allowed before AUTH. */
    NO_AUTH
}
