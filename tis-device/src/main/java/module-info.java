/** The TPM FIFO interface (TIS 1.3) of the PC Client Platform TPM Profile for TPM 2.0. */
module io.jvtpm.tis {
    requires transitive io.jvtpm.engine;
    requires transitive io.jvtpm.acpi;
    requires org.slf4j;

    exports io.jvtpm.tis;
    exports io.jvtpm.tis.acpi;
}
