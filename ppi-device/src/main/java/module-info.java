/** The Physical Presence Interface (TCG PPI 1.3): the page, its ACPI methods and the host executor. */
module io.jvtpm.ppi {
    requires transitive io.jvtpm.engine;
    requires transitive io.jvtpm.acpi;
    requires org.slf4j;

    exports io.jvtpm.ppi;
    exports io.jvtpm.ppi.aml;
    exports io.jvtpm.ppi.exec;
    exports io.jvtpm.ppi.op;
    exports io.jvtpm.ppi.page;
    exports io.jvtpm.ppi.policy;
}
