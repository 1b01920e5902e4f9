/** The TPM Command Response Buffer interface of the PC Client Platform TPM Profile for TPM 2.0. */
module io.jvtpm.crb {
    requires transitive io.jvtpm.engine;
    requires transitive io.jvtpm.acpi;
    requires org.slf4j;

    exports io.jvtpm.crb;
    exports io.jvtpm.crb.acpi;
    // CrbOptions takes an ExternalBuffer
    exports io.jvtpm.crb.buffer;
}
