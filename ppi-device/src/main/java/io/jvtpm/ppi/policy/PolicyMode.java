package io.jvtpm.ppi.policy;

import java.util.Locale;

/**
 * How the host treats an operation that TCG PPI 1.3 says needs the physically present user's
 * confirmation: the host operator stands in for that user.
 */
public enum PolicyMode {
    /** Ask the host operator; run only on a yes within the timeout. */
    CONFIRM,
    /** Run without asking. */
    ALLOW,
    /** Refuse. */
    DENY;

    /** The name the launcher's option uses ("confirm", "allow", "deny"). */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode with that option name.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static PolicyMode ofOptionName(String name) {
        for (PolicyMode m : values()) {
            if (m.optionName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown PPI policy '" + name + "' (expected confirm, allow or deny)");
    }
}
