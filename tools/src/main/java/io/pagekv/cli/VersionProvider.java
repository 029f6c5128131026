package io.pagekv.cli;

import io.pagekv.Store;
import picocli.CommandLine;

/**
 * {@code pagekv --version}: the project version from the jar manifest's
 * {@code Implementation-Version}, the store format it reads, and the Java runtime.
 */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    /**
     * @return the version lines.
     */
    @Override
    public String[] getVersion()
    {
        final String version = PagekvCommand.class.getPackage().getImplementationVersion();
        return new String[]{
            "pagekv " + (version == null ? "(development build, not run from pagekv.jar)" : version),
            "store format " + Store.FORMAT_VERSION + ", Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), " +
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        };
    }
}
