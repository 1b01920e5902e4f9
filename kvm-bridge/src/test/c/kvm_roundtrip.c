/*
 * Exit round-trip cost in C, the baseline for io.jvtpm.kvm.bench.RoundTripBench: one real-mode vCPU runs
 * N port writes (OUT 0x10, AL), then N MMIO writes (MOV ES:[0], AL at 0xD0000), then HLT. Prints the mean
 * time per exit of each phase. Usage: kvm_roundtrip [N]
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    if (n < 2 || n > 65535) {
        fprintf(stderr, "N must be 2..65535\n");
        return 2;
    }
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) die("open /dev/kvm");
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0) die("KVM_CREATE_VM");
    size_t ram_size = 0x80000;
    uint8_t *ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED) die("mmap ram");
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = 0, .memory_size = ram_size, .userspace_addr = (uintptr_t)ram};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) die("KVM_SET_USER_MEMORY_REGION");
    /* mov cx,n; L1: out 0x10,al; loop L1; mov cx,n; L2: mov es:[0],al; loop L2; hlt */
    uint8_t code[] = {0xB9, n & 0xff, n >> 8, 0xE6, 0x10, 0xE2, 0xFC,
                      0xB9, n & 0xff, n >> 8, 0x26, 0xA2, 0x00, 0x00, 0xE2, 0xFA, 0xF4};
    memcpy(ram + 0x1000, code, sizeof code);
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0) die("KVM_CREATE_VCPU");
    int mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    struct kvm_run *run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die("mmap kvm_run");
    struct kvm_sregs sregs;
    if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) die("KVM_GET_SREGS");
    sregs.cs.base = 0;
    sregs.cs.selector = 0;
    sregs.es.base = 0xD0000;
    sregs.es.selector = 0xD000;
    if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) die("KVM_SET_SREGS");
    struct kvm_regs regs = {.rip = 0x1000, .rsp = 0x7000, .rflags = 2};
    if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) die("KVM_SET_REGS");
    long ports = 0, mmios = 0;
    double t_port = 0, t_mmio = 0, t_end = 0;
    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) die("KVM_RUN");
        if (run->exit_reason == KVM_EXIT_IO) {
            if (ports++ == 0) t_port = now_ns();
        } else if (run->exit_reason == KVM_EXIT_MMIO) {
            if (mmios++ == 0) t_mmio = now_ns();
        } else if (run->exit_reason == KVM_EXIT_HLT) {
            t_end = now_ns();
            break;
        } else {
            fprintf(stderr, "unexpected exit %u\n", run->exit_reason);
            return 1;
        }
    }
    if (ports != n || mmios != n) {
        fprintf(stderr, "expected %d exits each, saw %ld port and %ld MMIO\n", n, ports, mmios);
        return 1;
    }
    printf("C    port-I/O exit round trip: %10.0f ns/exit (%d exits)\n", (t_mmio - t_port) / n, n);
    printf("C    MMIO exit round trip:     %10.0f ns/exit (%d exits)\n", (t_end - t_mmio) / n, n);
    return 0;
}
