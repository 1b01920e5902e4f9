package io.jvtpm.ppi.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Confirmer} for a text console (TCG PPI 1.3's "physically present user" as the host
 * operator): prints the prompt and reads one line; "y" or "yes" agrees, anything else or end of
 * input refuses.
 */
public final class LineConfirmer implements Confirmer {

    private static final long POLL_MILLIS = 50;

    private final BufferedReader in;
    private final PrintWriter out;

    /** A confirmer that prompts on {@code out} and reads answers from {@code in}. */
    public LineConfirmer(BufferedReader in, PrintWriter out) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public boolean confirm(ConfirmationRequest request) throws IOException, InterruptedException {
        synchronized (in) {
            out.println(request.prompt() + " Allow? [y/N]");
            out.flush();
            // poll instead of blocking in readLine, so the executor's timeout (an interrupt)
            // ends the wait and no stale prompt later consumes the answer to a newer one
            while (!in.ready()) {
                Thread.sleep(POLL_MILLIS);
            }
            String line = in.readLine();
            if (line == null) {
                return false;
            }
            String a = line.trim().toLowerCase(Locale.ROOT);
            return a.equals("y") || a.equals("yes");
        }
    }
}
