package io.jvtpm.kvm.bench;

import io.jvtpm.kvm.Kvm;
import io.jvtpm.kvm.exit.HaltExit;
import io.jvtpm.kvm.exit.IoExit;
import io.jvtpm.kvm.exit.MmioExit;
import io.jvtpm.kvm.exit.VmExit;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.kvm.vcpu.ExitDispatcher;
import io.jvtpm.kvm.vcpu.Regs;
import io.jvtpm.kvm.vcpu.Segment;
import io.jvtpm.kvm.vcpu.Sregs;
import io.jvtpm.kvm.vcpu.Vcpu;
import io.jvtpm.kvm.vm.Vm;
import java.util.Locale;

/**
 * Exit round-trip cost through the bridge, the Java side of kvm-bridge/src/test/c/kvm_roundtrip.c: the same
 * guest (N port writes, N MMIO writes, HLT), each exit decoded and dispatched to a bus handler. Prints the mean
 * time per exit of each phase. Usage: RoundTripBench [N]
 */
public final class RoundTripBench {
    private RoundTripBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        if (!Kvm.available()) {
            System.out.println("no /dev/kvm: exit round trip not measured");
            return;
        }
        // warm-up pass on a fresh VM, then the measured pass
        run(Math.min(n, 2000), false);
        run(n, true);
    }

    private static void run(int n, boolean print) {
        long[] sink = new long[1];
        try (GuestMemory ram = GuestMemory.allocate(0, 0x80000); Kvm kvm = Kvm.open(); Vm vm = kvm.createVm()) {
            vm.map(0, ram);
            vm.pio().register("sink", 0x10, 1, (o, s) -> 0, (o, s, v) -> sink[0] += v);
            vm.mmio().register("sink", 0xD0000, 0x1000, (o, s) -> 0, (o, s, v) -> sink[0] += v);
            byte[] code = {(byte) 0xB9, (byte) n, (byte) (n >> 8), (byte) 0xE6, 0x10, (byte) 0xE2, (byte) 0xFC,
                (byte) 0xB9, (byte) n, (byte) (n >> 8), 0x26, (byte) 0xA2, 0x00, 0x00, (byte) 0xE2, (byte) 0xFA,
                (byte) 0xF4};
            ram.write(0x1000, code);
            Vcpu v = vm.createVcpu(0);
            Sregs s = v.getSregs().realMode(0, 0).withDataSegment(Segment.realMode(0xD000, 0x3));
            v.setSregs(s);
            v.setRegs(Regs.at(0x1000, 0x7000));
            ExitDispatcher d = new ExitDispatcher(vm.mmio(), vm.pio());
            long ports = 0;
            long mmios = 0;
            long tPort = 0;
            long tMmio = 0;
            long tEnd;
            while (true) {
                VmExit e = v.run();
                d.complete(v.runArea(), e);
                if (e instanceof IoExit) {
                    if (ports++ == 0) {
                        tPort = System.nanoTime();
                    }
                } else if (e instanceof MmioExit) {
                    if (mmios++ == 0) {
                        tMmio = System.nanoTime();
                    }
                } else if (e instanceof HaltExit) {
                    tEnd = System.nanoTime();
                    break;
                } else {
                    throw new IllegalStateException("unexpected exit " + e);
                }
            }
            if (ports != n || mmios != n) {
                throw new IllegalStateException("expected " + n + " exits each, saw " + ports + " and " + mmios);
            }
            if (print) {
                System.out.printf(Locale.ROOT, "Java port-I/O exit round trip: %10.0f ns/exit (%d exits)%n",
                        (tMmio - tPort) / (double) n, n);
                System.out.printf(Locale.ROOT, "Java MMIO exit round trip:     %10.0f ns/exit (%d exits)%n",
                        (tEnd - tMmio) / (double) n, n);
            }
        }
    }
}
