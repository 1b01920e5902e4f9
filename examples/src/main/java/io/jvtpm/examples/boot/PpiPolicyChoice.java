package io.jvtpm.examples.boot;

/** What the platform does with a PPI operation that needs physical presence (TCG PPI 1.3 section 2): ask, allow or deny. */
public enum PpiPolicyChoice {
    CONFIRM,
    ALLOW,
    DENY
}
