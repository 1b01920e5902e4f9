package io.jvtpm.engine.command;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;

/**
 * The command being executed (TPM 2.0 Library Part 3, 5: the handle, authorization and parameter
 * areas after the dispatcher has checked them): its handles, the reader positioned at its
 * parameters and the writer for its response parameters. Reused between commands.
 */
public final class Command {
    private final TpmEngine tpm;
    final TpmReader in = new TpmReader(new byte[0], 0, 0);
    final TpmWriter out = new TpmWriter(4096);
    final int[] handles = new int[3];
    int locality;
    int responseHandle;
    CommandSpec spec;

    Command(TpmEngine tpm) {
        this.tpm = tpm;
    }

    public TpmEngine tpm() {
        return tpm;
    }

    /** The command's parameters; set the parameter number with {@link TpmReader#param}. */
    public TpmReader in() {
        return in;
    }

    /** Where the response parameters go. */
    public TpmWriter out() {
        return out;
    }

    /** Handle {@code i} (0-based) of the handle area. */
    public int handle(int i) {
        return handles[i];
    }

    /** The locality the command arrived at (0..4). */
    public int locality() {
        return locality;
    }

    /** Sets the response handle of a command whose TPMA_CC has rHandle. */
    public void responseHandle(int h) {
        responseHandle = h;
    }

    /** Checks that no parameter bytes are left (TPM_RC_SIZE otherwise). */
    public void endParameters() {
        in.end();
    }
}
