package io.jvtpm.examples.boot.measure;

/** Event types of the TCG PC Client Platform Firmware Profile (section 10.4.1, Table 9) that the launcher logs. */
public enum TcgEventType {
    EV_POST_CODE(0x00000001),
    EV_NO_ACTION(0x00000003),
    EV_SEPARATOR(0x00000004),
    EV_ACTION(0x00000005),
    EV_EVENT_TAG(0x00000006),
    EV_S_CRTM_CONTENTS(0x00000007),
    EV_S_CRTM_VERSION(0x00000008),
    EV_IPL(0x0000000D),
    EV_PLATFORM_CONFIG_FLAGS(0x0000000A),
    EV_EFI_ACTION(0x80000007);

    private final int code;

    TcgEventType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
