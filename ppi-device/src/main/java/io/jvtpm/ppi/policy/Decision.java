package io.jvtpm.ppi.policy;

/** What the host does with one requested PPI operation (TCG PPI 1.3 section 9). */
public enum Decision {
    /** Run it. */
    RUN,
    /** Ask the host operator first. */
    ASK,
    /** Refuse it. */
    REFUSE
}
