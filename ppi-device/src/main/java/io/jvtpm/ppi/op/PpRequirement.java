package io.jvtpm.ppi.op;

import java.util.Objects;

/**
 * Whether an operation needs the physically present user's confirmation (TCG PPI 1.3, the
 * "PP required" column of the TPM 2.0 operations table): never, always, or as a persistent flag
 * says.
 */
public sealed interface PpRequirement {

    /** True when, with {@code flags} in force, the operation needs confirmation. */
    boolean required(PpFlags flags);

    /** The operation never needs confirmation. */
    record Never() implements PpRequirement {
        @Override
        public boolean required(PpFlags flags) {
            return false;
        }
    }

    /** The operation always needs confirmation. */
    record Always() implements PpRequirement {
        @Override
        public boolean required(PpFlags flags) {
            return true;
        }
    }

    /** The operation needs confirmation while {@code flag} is set. */
    record WhileFlagSet(PpFlag flag) implements PpRequirement {
        public WhileFlagSet {
            Objects.requireNonNull(flag, "flag");
        }

        @Override
        public boolean required(PpFlags flags) {
            return flags.has(flag);
        }
    }
}
