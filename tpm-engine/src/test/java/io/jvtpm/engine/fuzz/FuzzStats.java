package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.command.CommandSpec;
import io.jvtpm.engine.command.CommandTable;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmWire;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a fuzz run did: commands per family, the distribution of response codes (TPM 2.0 Library
 * Part 2, 6.6; the handle/session/parameter number masked off) and which implemented command
 * codes were sent and which succeeded at least once.
 */
final class FuzzStats {
    private final Map<String, Long> families = new TreeMap<>();
    private final Map<Integer, Long> codes = new TreeMap<>();
    private final Map<Integer, Long> sent = new TreeMap<>();
    private final Map<Integer, Long> succeeded = new TreeMap<>();
    private final Map<String, Long> validFailures = new TreeMap<>();
    private long mutated;
    private long total;

    void record(String family, byte[] command, byte[] response) {
        total++;
        families.merge(family, 1L, Long::sum);
        int rc = TpmWire.responseCode(response);
        codes.merge(base(rc), 1L, Long::sum);
        if (command.length >= 10) {
            int cc = TpmWire.u32(command, 6);
            sent.merge(cc, 1L, Long::sum);
            if (rc == 0) {
                succeeded.merge(cc, 1L, Long::sum);
            }
        }
    }

    void mutated() {
        mutated++;
    }

    long mutatedCount() {
        return mutated;
    }

    /** A command of a valid sequence with no mutation before it that failed (a gap in the sequence, or a finding). */
    void validFailure(String family, int cc, int rc) {
        validFailures.merge(family + ":" + name(cc) + ":"
                + String.format("0x%03X", rc), 1L, Long::sum);
    }

    private static String name(int cc) {
        for (TpmCc c : TpmCc.values()) {
            if (c.value() == cc) {
                return c.name();
            }
        }
        return Integer.toHexString(cc);
    }

    Map<String, Long> validFailures() {
        return validFailures;
    }

    long total() {
        return total;
    }

    /** Implemented command codes that never succeeded. */
    TreeSet<String> neverSucceeded() {
        TreeSet<String> r = new TreeSet<>();
        for (CommandSpec s : new CommandTable().all()) {
            if (!succeeded.containsKey(s.cc().value())) {
                r.add(s.cc().name());
            }
        }
        return r;
    }

    /** A format-1 response code without its number; others as they are. */
    private static int base(int rc) {
        return (rc & 0x80) != 0 ? rc & 0xBF : rc;
    }

    String summary() {
        int implemented = new CommandTable().all().size();
        long covered = new CommandTable().all().stream().filter(s -> succeeded.containsKey(s.cc().value())).count();
        return "commands " + total + " (mutated " + mutated + "); implemented command codes that succeeded: "
                + covered + "/" + implemented + ", never: " + neverSucceeded()
                + "\n  families " + families
                + "\n  response codes " + codes.entrySet().stream()
                        .map(e -> String.format("0x%03X=%d", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))
                + "\n  valid sequences' commands that failed " + validFailures;
    }
}
