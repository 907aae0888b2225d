package dev.larder.cli;

import picocli.CommandLine;

/** Reports the build's version from the jar manifest (or "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = LarderCommand.class.getPackage().getImplementationVersion();
        return new String[] {"larder " + (version == null ? "dev" : version) + " (Java " + Runtime.version() + ")"};
    }
}
