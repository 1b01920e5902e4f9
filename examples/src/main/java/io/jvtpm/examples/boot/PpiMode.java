package io.jvtpm.examples.boot;

/**
 * How the PPI requests reach the host (TCG PPI 1.3): through the shared memory page read at guest
 * reset ({@code memory}), or also through an SMI the _DSM raises by writing the APM port ({@code smi}).
 */
public enum PpiMode {
    MEMORY,
    SMI
}
