package io.pagekv.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code pagekv shell DIR}: a prompt that runs pagekv's commands on one store in one JVM, with
 * line editing, history and completion (JLine 3, through picocli's {@code picocli-shell-jline3}).
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
        "Run commands on one store at a prompt, in one process.",
        "Reads lines such as 'get user:1', 'scan --prefix user: -n 5' or 'put k v' and runs each as " +
        "'pagekv COMMAND DIR ...', without starting a JVM each time. Line editing, history (--history FILE, " +
        "default ~/.pagekv_history) and TAB completion of commands and options on a terminal; " +
        "'exit', 'quit' or Ctrl-D leaves, Ctrl-C clears the line.",
        "Without a terminal it reads the lines from standard input and prints no prompt.",
    },
    footerHeading = "%nExample:%n",
    footer = {"  pagekv shell data", "  printf 'get user:000042\\nscan -n 2\\n' | pagekv shell data"})
final class ShellCommand extends Subcommand
{
    /** The commands that work on the shell's store: DIR goes after their name. */
    private static final Set<String> STORE_COMMANDS =
        Set.of("info", "get", "put", "delete", "scan", "verify", "dump", "load", "stats", "batch");
    /** Splits a line into words as a shell does: quotes and backslashes, from JLine. */
    private static final DefaultParser PARSER = new DefaultParser();

    @Parameters(index = "0", paramLabel = "DIR", description = "The store directory every command works on.")
    private Path dir;

    @Option(names = "--history", paramLabel = "FILE", description = "Where the history of lines is kept (default: ~/.pagekv_history).")
    private Path history;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    protected int execute() throws IOException
    {
        if (streams().in() == System.in && Terminals.stdin())
        {
            return prompt();
        }
        final BufferedReader lines = new BufferedReader(new InputStreamReader(streams().in(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine())
        {
            if (!accept(line, PARSER.parse(line, line.length()).words()))
            {
                break;
            }
        }
        return ExitCodes.OK;
    }

    private int prompt() throws IOException
    {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build())
        {
            final LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .parser(PARSER)
                .completer(new PicocliJLineCompleter(spec.root()))
                .variable(LineReader.HISTORY_FILE, history != null ? history :
                    Path.of(System.getProperty("user.home"), ".pagekv_history"))
                .build();
            try
            {
                while (true)
                {
                    try
                    {
                        if (!accept(reader.readLine("pagekv " + dir + "> "), reader.getParsedLine().words()))
                        {
                            return ExitCodes.OK;
                        }
                    }
                    catch (final UserInterruptException ex)
                    {
                        // Ctrl-C clears the line, as in other shells.
                    }
                }
            }
            catch (final EndOfFileException ex)
            {
                return ExitCodes.OK;
            }
            finally
            {
                reader.getHistory().save();
            }
        }
    }

    /**
     * @return false if the line asks to leave.
     */
    private boolean accept(final String line, final List<String> parsed) throws IOException
    {
        final List<String> words = parsed.stream().filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty())
        {
            return true;
        }
        if (words.get(0).equals("exit") || words.get(0).equals("quit"))
        {
            return false;
        }
        run(words, line);
        return true;
    }

    private void run(final List<String> words, final String line) throws IOException
    {
        final String command = words.get(0);
        if (command.equals("help"))
        {
            Main.run(streams(), words.toArray(String[]::new));
            return;
        }
        if (!STORE_COMMANDS.contains(command))
        {
            streams().flush();
            streams().err().println("pagekv: '" + Lines.excerpt(line) + "': the shell runs " + String.join(", ",
                STORE_COMMANDS.stream().sorted().toList()) + ", help and exit");
            return;
        }
        final List<String> args = new ArrayList<>(words.size() + 1);
        args.add(command);
        args.add(dir.toString());
        args.addAll(words.subList(1, words.size()));
        Main.run(streams(), args.toArray(String[]::new));
    }
}
