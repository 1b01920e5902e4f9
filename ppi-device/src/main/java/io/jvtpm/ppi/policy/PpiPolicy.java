package io.jvtpm.ppi.policy;

import io.jvtpm.ppi.op.PpFlags;
import io.jvtpm.ppi.op.PpiOperation;
import io.jvtpm.ppi.page.PpiFuncStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The host's rule for TCG PPI 1.3 operations that need physical presence: a mode for all of them
 * and optional per-operation modes. Operations whose "PP required" rule does not apply (with the
 * current flags) always run; the mode decides only the others.
 *
 * <p>The launcher's option text is {@code MODE[,OP=MODE...]}, for example {@code confirm} or
 * {@code deny,5=allow,23=confirm}, where OP is a PPI operation value.
 */
public record PpiPolicy(PolicyMode mode, Map<PpiOperation, PolicyMode> overrides) {

    /** Ask the operator for every operation that needs physical presence. */
    public static final PpiPolicy CONFIRM = of(PolicyMode.CONFIRM);
    /** Run every operation. */
    public static final PpiPolicy ALLOW = of(PolicyMode.ALLOW);
    /** Refuse every operation that needs physical presence. */
    public static final PpiPolicy DENY = of(PolicyMode.DENY);

    public PpiPolicy {
        Objects.requireNonNull(mode, "mode");
        overrides = overrides.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(overrides));
    }

    /** A policy with one mode for every operation. */
    public static PpiPolicy of(PolicyMode mode) {
        return new PpiPolicy(mode, Map.of());
    }

    /** This policy with {@code op} treated by {@code opMode}. */
    public PpiPolicy with(PpiOperation op, PolicyMode opMode) {
        EnumMap<PpiOperation, PolicyMode> m = new EnumMap<>(PpiOperation.class);
        m.putAll(overrides);
        m.put(op, opMode);
        return new PpiPolicy(mode, m);
    }

    /**
     * Parses the launcher's option text.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static PpiPolicy parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split(",");
        PpiPolicy p = of(PolicyMode.ofOptionName(parts[0].trim()));
        for (int i = 1; i < parts.length; i++) {
            String entry = parts[i];
            String[] kv = entry.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("PPI policy entry '" + entry + "' is not OP=MODE");
            }
            long code;
            try {
                code = Long.parseLong(kv[0].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PPI policy entry '" + entry + "': '" + kv[0]
                        + "' is not an operation number");
            }
            PpiOperation op = PpiOperation.ofCode(code).orElseThrow(() -> new IllegalArgumentException(
                    "PPI policy entry '" + entry + "': operation " + code + " is not implemented"));
            p = p.with(op, PolicyMode.ofOptionName(kv[1].trim()));
        }
        return p;
    }

    /** The mode that applies to {@code op}. */
    public PolicyMode modeFor(PpiOperation op) {
        return overrides.getOrDefault(op, mode);
    }

    /** What to do with {@code op} when {@code flags} are in force. */
    public Decision decide(PpiOperation op, PpFlags flags) {
        if (!op.needsConfirmation(flags)) {
            return Decision.RUN;
        }
        return switch (modeFor(op)) {
            case ALLOW -> Decision.RUN;
            case CONFIRM -> Decision.ASK;
            case DENY -> Decision.REFUSE;
        };
    }

    /** The status PPI function 8 reports, and func[] holds, for {@code op} under {@code flags}. */
    public PpiFuncStatus status(PpiOperation op, PpFlags flags) {
        return switch (decide(op, flags)) {
            case RUN -> PpiFuncStatus.ALLOWED_PP_NOT_REQUIRED;
            case ASK -> PpiFuncStatus.ALLOWED_PP_REQUIRED;
            case REFUSE -> PpiFuncStatus.BLOCKED;
        };
    }

    /** The option text that {@link #parse} turns back into this policy. */
    public String optionText() {
        StringBuilder sb = new StringBuilder(mode.optionName());
        for (PpiOperation op : PpiOperation.values()) {
            PolicyMode m = overrides.get(op);
            if (m != null) {
                sb.append(',').append(op.code()).append('=').append(m.optionName());
            }
        }
        return sb.toString();
    }
}
