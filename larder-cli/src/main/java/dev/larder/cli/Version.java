package dev.larder.cli;

import picocli.CommandLine;

/** Reports the build's version from the jar manifest (or "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"larder " + text() + " (Java " + Runtime.version() + ")"};
    }

    static String text() {
        String version = LarderCommand.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
