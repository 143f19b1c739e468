package org.latentlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar toolkit/target/latentlab.jar <command>}: the toolkit's command line.
 * Each subcommand prints machine-readable output (JSON) on stdout and errors on stderr.
 */
@Command(name = "latentlab", mixinStandardHelpOptions = true, version = "LatentLab 0.1.0",
        description = "Replicate studies of VAE latent spaces: train, measure, probe.",
        subcommands = {
                CommandLine.HelpCommand.class,
                InfoCommand.class,
                TrainCommand.class,
                MetricsCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Exit code for bad input (a missing or malformed file, an invalid value): the message names it. */
    public static final int EXIT_BAD_INPUT = 2;

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::handle)
                .setParameterExceptionHandler(Main::handleParameters).execute(args);
    }

    /**
     * Bad input (IllegalArgumentException, an I/O error, training that diverged, missing data, a run directory of
     * another configuration) prints one line {@code latentlab <command>: <message>} on
     * stderr and exits with {@link #EXIT_BAD_INPUT}; anything else is a bug and keeps its stack trace. Public for the
     * Spark module's {@code sweep} command, which answers bad input the same way.
     */
    public static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException
                || e instanceof org.latentlab.training.TrainingDivergedException
                || e instanceof org.latentlab.data.DataMissingException
                || e instanceof org.latentlab.sweep.RunDirectoryMismatchException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()));
            cmd.getErr().flush();
            return EXIT_BAD_INPUT;
        }
        throw new IllegalStateException(e);
    }

    /**
     * A bad option or parameter (unknown option, a value that does not parse, a missing file argument): one line
     * {@code latentlab <command>: <message> (see --help)} on stderr, exit {@link #EXIT_BAD_INPUT}.
     */
    public static int handleParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()) + " (see "
                + cmd.getCommandSpec().qualifiedName() + " --help)");
        cmd.getErr().flush();
        return EXIT_BAD_INPUT;
    }

    /** The message on one line (line breaks folded into spaces). */
    public static String oneLine(String message) {
        return String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
