OperationRegion (TPP2, SystemMemory, 0xFED45100, 0x5A)
Field (TPP2, AnyAcc, NoLock, Preserve)
{
PPIN,   8,
PPIP,   32,
PPRP,   32,
PPRQ,   32,
PPRM,   32,
LPPR,   32
}

OperationRegion (TPP3, SystemMemory, 0xFED4515A, One)
Field (TPP3, ByteAcc, NoLock, Preserve)
{
MOVV,   8
}

Field (TPP2, AnyAcc, NoLock, Preserve)
{
Offset (0x15),
FRET,   32,
SMRQ,   32,
SMRM,   32
}

OperationRegion (SMIP, SystemIO, 0xB2, One)
Field (SMIP, ByteAcc, NoLock, Preserve)
{
SMIC,   8
}

Name (TPM2, Package (0x02)
{
Zero,
Zero
})
Name (TPM3, Package (0x03)
{
Zero,
Zero,
Zero
})
Method (_DSM, 4, Serialized)  // _DSM: Device-Specific Method
{
If ((Arg0 == ToUUID ("3dddfaa6-361b-4eb4-a424-8d10089d1653") /* Physical Presence Interface */))
{
If ((Arg2 == Zero))
{
Return (Buffer (0x02)
{
0xFF, 0x01                                       // ..
})
}

If ((Arg2 == One))
{
Return ("1.3")
}

If ((Arg2 == 0x02))
{
PPIP = 0x02
SMRQ = DerefOf (Arg3 [Zero])
SMRM = Zero
SMIC = 0xA5
Return (FRET) /* \_SB_.TPM_.FRET */
}

If ((Arg2 == 0x03))
{
If ((Arg1 == One))
{
TPM2 [One] = PPRQ /* \_SB_.TPM_.PPRQ */
Return (TPM2) /* \_SB_.TPM_.TPM2 */
}

If ((Arg1 == 0x02))
{
TPM3 [One] = PPRQ /* \_SB_.TPM_.PPRQ */
TPM3 [0x02] = PPRM /* \_SB_.TPM_.PPRM */
Return (TPM3) /* \_SB_.TPM_.TPM3 */
}
}

If ((Arg2 == 0x04))
{
Return (0x02)
}

If ((Arg2 == 0x05))
{
TPM3 [One] = LPPR /* \_SB_.TPM_.LPPR */
TPM3 [0x02] = PPRP /* \_SB_.TPM_.PPRP */
Return (TPM3) /* \_SB_.TPM_.TPM3 */
}

If ((Arg2 == 0x06))
{
Return (0x03)
}

If ((Arg2 == 0x07))
{
Local1 = Zero
If ((Arg1 == 0x02))
{
Local1 = DerefOf (Arg3 [One])
}

PPIP = 0x07
SMRQ = DerefOf (Arg3 [Zero])
SMRM = Local1
SMIC = 0xA5
Return (FRET) /* \_SB_.TPM_.FRET */
}

If ((Arg2 == 0x08))
{
PPIP = 0x08
SMRQ = DerefOf (Arg3 [Zero])
SMRM = Zero
SMIC = 0xA5
Return (FRET) /* \_SB_.TPM_.FRET */
}

Return (Buffer (One)
{
0x00                                             // .
})
}

If ((Arg0 == ToUUID ("376054ed-cc13-4675-901c-4756d7f2d45d") /* Unknown UUID */))
{
If ((Arg2 == Zero))
{
Return (Buffer (One)
{
0x03                                             // .
})
}

If ((Arg2 == One))
{
Local0 = DerefOf (Arg3 [Zero])
MOVV = Local0
Return (Zero)
}
}
}
}
}
}

