package io.jvtpm.engine.command;

/**
 * One command's action (TPM 2.0 Library Part 3): unmarshals its parameters from
 * {@link Command#in()}, calls {@link Command#endParameters()}, acts, and marshals its response
 * parameters to {@link Command#out()}. Errors are thrown as
 * {@link io.jvtpm.engine.wire.TpmRcException}.
 */
@FunctionalInterface
public interface CommandHandler {
    void run(Command c);
}
