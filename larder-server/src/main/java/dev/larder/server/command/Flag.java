package dev.larder.server.command;

/** What the dispatcher needs to know about a command beyond its arity. */
enum Flag {
    NONE,
    /** Allowed before AUTH (AUTH, HELLO, QUIT, RESET). */
    NO_AUTH
}
