package dev.larder.server.command;

import dev.larder.server.protocol.Reply;

/** A command's behaviour: its arguments (argv[0] is the name) in, one reply out. */
@FunctionalInterface
public interface Command {
    Reply execute(Invocation call);
}
