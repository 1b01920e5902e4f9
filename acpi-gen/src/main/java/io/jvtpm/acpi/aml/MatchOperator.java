package io.jvtpm.acpi.aml;

/** The comparisons of Match (ACPI 6.5 section 19.6, Match: MTR, MEQ, MLE, MLT, MGE, MGT). */
public enum MatchOperator {
    MTR(0), MEQ(1), MLE(2), MLT(3), MGE(4), MGT(5);

    /** The MatchOpcode byte. */
    public final int code;

    MatchOperator(int code) {
        this.code = code;
    }
}
