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
                RenyiCommand.class,
                TrainCommand.class,
                MetricsCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
