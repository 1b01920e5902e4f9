package io.jvtpm.examples.embed;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.kvm.Kvm;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.vcpu.ExitDispatcher;
import io.jvtpm.kvm.vcpu.ExitPolicy;
import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vcpu.VcpuRunner;
import io.jvtpm.kvm.vm.Vm;
import io.jvtpm.ppi.PpiDevice;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.policy.PpiPolicy;
import io.jvtpm.tis.TisDevice;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The README's "Embedding in your own launcher", compiled: a Java KVM launcher gives its guest
 * jvtpm's TPM from the modules' public APIs alone: the engine ({@link InProcessBackend}), the TIS
 * register window on the VM's MMIO bus at 0xFED40000 (PC Client Platform TPM Profile section 5.5)
 * and the PPI device (TCG PPI 1.3) with its page at 0xFED45000, on a kvm-bridge VM.
 * {@link io.jvtpm.examples.boot.LinuxMachine} is the whole Linux launcher built the same way.
 */
public final class EmbeddedTpmLauncher {

    /** The launcher's part: the guest's code, its ACPI tables (with {@code ppi.aml()} in the TPM's Device) and registers. */
    @FunctionalInterface
    public interface GuestLoader {
        void load(GuestMemory ram, Vcpu cpu, PpiDevice ppi);
    }

    private EmbeddedTpmLauncher() {
    }

    /**
     * Runs a 256 MiB guest that {@code loader} loads, with a TPM whose state is kept in
     * {@code stateDir}, until its vCPU stops or an hour has passed.
     *
     * @throws io.jvtpm.kvm.KvmException when KVM cannot be used (no /dev/kvm): everything opened is closed again
     */
    public static void run(Path stateDir, GuestLoader loader) throws InterruptedException {
        try (InProcessBackend tpm = InProcessBackend.open(stateDir);
             TisDevice tis = new TisDevice(tpm);
             Kvm kvm = Kvm.open();
             GuestMemory ram = GuestMemory.allocate(0, 256L << 20);
             GuestMemory ppiPage = GuestMemory.allocate(PpiPage.BASE, 0x1000);  // one page holds the PPI area
             Vm vm = kvm.createVm()) {
            tpm.init();                                      // _TPM_Init; the guest (or firmware) sends Startup
            PpiDevice ppi = PpiDevice.builder(tpm)
                    .page(PpiPage.wrap(ppiPage.buffer(PpiPage.BASE, PpiPage.SIZE)))
                    .policy(PpiPolicy.parse("deny,5=allow"))  // refuse what needs physical presence, but Clear (5)
                    .stateDirectory(stateDir)
                    .memoryClearer(() -> ram.pointer().setMemory(0, ram.size(), (byte) 0))
                    .build();
            vm.createIrqchip();
            vm.createPit2(0);
            vm.map(0, ram);
            vm.map(1, ppiPage);
            vm.mmio().register("tpm-tis", TisDevice.BASE_ADDRESS, TisDevice.SIZE, tis::read, tis::write);
            Vcpu cpu = vm.createVcpu(0);
            cpu.setCpuid(kvm.supportedCpuid());
            // a guest without firmware of its own: the launcher is its firmware, so at every boot it sends
            // Startup(CLEAR), measures, then calls ppi.closePlatformHierarchy() before the guest runs
            loader.load(ram, cpu, ppi);
            VcpuRunner runner = new VcpuRunner(cpu, new ExitDispatcher(vm.mmio(), vm.pio()), ExitPolicy.standard());
            runner.start();
            runner.awaitStop(1, TimeUnit.HOURS);
            // a guest reset: tis.reset(); tpm.init(); ppi.onReset(); then load and run again
        }
    }

    /**
     * Boots Linux with jvtpm's whole launcher as a library ({@link LinuxMachine}): {@code kernel}
     * and {@code initrd} with a CRB TPM whose state is kept in {@code stateDir}, until the guest
     * powers off; the serial console is this process's standard input and output.
     *
     * @throws BootException when the launch cannot go ahead (a file, a size, no KVM), in one line
     */
    public static LinuxMachine.Ending bootLinux(Path kernel, Path initrd, Path stateDir)
            throws BootException, InterruptedException {
        return LinuxMachine.builder()
                .kernel(kernel).initrd(initrd)
                .tpm(TpmInterface.CRB).ppiPolicy(PpiPolicy.parse("deny,5=allow"))
                .tpmState(stateDir).memory(1L << 30).cpus(2)
                .build().run();                              // until the guest powers off
    }
}
