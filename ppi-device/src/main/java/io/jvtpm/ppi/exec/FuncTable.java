package io.jvtpm.ppi.exec;

import io.jvtpm.ppi.op.PpFlags;
import io.jvtpm.ppi.op.PpiOperation;
import io.jvtpm.ppi.page.PpiAction;
import io.jvtpm.ppi.page.PpiFunc;
import io.jvtpm.ppi.page.PpiPage;
import io.jvtpm.ppi.policy.PpiPolicy;

/**
 * Fills QEMU's {@code func[256]} (TCG PPI 1.3 function 8's answer per operation): implemented
 * operations get their status under the policy and flags and the reboot action; all others read
 * "not implemented".
 */
final class FuncTable {
    private FuncTable() {
    }

    static void write(PpiPage page, PpiPolicy policy, PpFlags flags) {
        for (int i = 0; i < PpiPage.FUNC_COUNT; i++) {
            page.setFunc(i, PpiFunc.NOT_IMPLEMENTED);
        }
        for (PpiOperation op : PpiOperation.values()) {
            page.setFunc(op.code(), new PpiFunc(policy.status(op, flags), PpiAction.REBOOT));
        }
    }
}
