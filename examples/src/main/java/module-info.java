/** The command-line front ends: the KVM launcher, the swtpm-compatible server, the ACPI dumper. */
module io.jvtpm.examples {
    requires io.jvtpm.engine;
    requires io.jvtpm.acpi;
    requires io.jvtpm.tis;
    requires io.jvtpm.crb;
    requires io.jvtpm.ppi;
    requires io.jvtpm.kvm;
    requires org.tukaani.xz;
    requires info.picocli;
    requires org.slf4j;
    requires java.management;
    requires jdk.unsupported;
}
