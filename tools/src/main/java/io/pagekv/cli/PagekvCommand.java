package io.pagekv.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The top-level {@code pagekv} command: holds the subcommands and the options every one of them
 * takes ({@code --verbose}, {@code --help}, {@code --version}).
 */
@Command(
    name = "pagekv",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Inspect, query, verify, dump and load pagekv stores.",
        "Read commands (info, get, scan, verify, dump, stats, pages, page) open the store read-only and work while another " +
        "process writes it; write commands (put, delete, patch, load, batch) take the writer lock; counter works beside a writer.",
        "Shell completion: source <(pagekv generate-completion)",
    },
    subcommands = {
        DemoCommand.class,
        InfoCommand.class,
        GetCommand.class,
        PutCommand.class,
        DeleteCommand.class,
        PatchCommand.class,
        CounterCommand.class,
        ScanCommand.class,
        VerifyCommand.class,
        CompactCommand.class,
        BackupCommand.class,
        DumpCommand.class,
        LoadCommand.class,
        StatsCommand.class,
        PagesCommand.class,
        PageCommand.class,
        BatchCommand.class,
        BenchCommand.class,
        ShellCommand.class,
        RecoverCommand.class,
        CommandLine.HelpCommand.class,
        AutoComplete.GenerateCompletion.class,
    },
    synopsisSubcommandLabel = "COMMAND",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        ExitCodes.OK + ":success",
        ExitCodes.NOT_FOUND + ":key not found (get, delete, patch, counter)",
        ExitCodes.USAGE + ":bad command line (unknown option, missing or undecodable argument)",
        ExitCodes.CORRUPT + ":corrupt store, or verify found problems",
        ExitCodes.LOCKED + ":another process holds the store open for writing",
        ExitCodes.BAD_INPUT + ":input rejected (malformed or truncated dump, oversized key or value); nothing written",
        ExitCodes.NO_STORE + ":directory missing or not a pagekv store",
        ExitCodes.IO_ERROR + ":a file could not be read or written (I/O error, full disk)",
        ExitCodes.INTERNAL + ":unexpected failure (a bug): rerun with --verbose and report it",
        ExitCodes.OUT_OF_MEMORY + ":out of memory or stack: the message names the JVM option that gives more",
        ExitCodes.INTERRUPTED + ":interrupted (Ctrl-C, SIGTERM): what was committed is kept and reported",
    },
    footerHeading = "%nExample:%n",
    footer = {
        "  pagekv demo",
        "  pagekv scan data --prefix user: --limit 10",
    })
public final class PagekvCommand implements Callable<Integer>
{
    /** The option that adds stack traces to error messages; inherited by every subcommand. */
    static final String VERBOSE = "--verbose";

    private final Streams streams;

    @Spec
    private CommandSpec spec;

    @Option(names = VERBOSE, scope = ScopeType.INHERIT, description = "On failure, print the stack trace after the message.")
    private boolean verbose;

    @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT,
        description = "Show a progress line on standard error for long work (default: only when standard error is a terminal).")
    private Boolean progress;

    /**
     * @param streams the standard streams every subcommand uses.
     */
    public PagekvCommand(final Streams streams)
    {
        this.streams = streams;
    }

    /**
     * @return the standard streams.
     */
    Streams streams()
    {
        return progress == null ? streams : streams.withProgress(progress);
    }

    /**
     * Without a subcommand: a usage error.
     *
     * @return never.
     */
    @Override
    public Integer call()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'pagekv demo', or see 'pagekv --help'");
    }
}
