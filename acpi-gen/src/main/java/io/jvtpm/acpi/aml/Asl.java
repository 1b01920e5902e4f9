package io.jvtpm.acpi.aml;

import io.jvtpm.acpi.aml.resource.ResourceDescriptor;
import java.util.Arrays;
import java.util.List;

/**
 * ASL-named factories for the AML nodes (ACPI 6.5 chapter 19 operators, chapter 20 encodings).
 * Static-import this class and a device reads like its ASL:
 *
 * <pre>{@code
 * device("TPM",
 *     name("_HID", string("MSFT0101")),
 *     name("_STA", integer(0x0F)),
 *     name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x5000))),
 *     method("TPFN", 1, true,
 *         ifThen(lGreaterEqual(arg(0), integer(0x100)), ret(ZERO)),
 *         operationRegion("TPP1", RegionSpace.SYSTEM_MEMORY, add(integer(0xFED45000L), arg(0)), ONE),
 *         field("TPP1", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("TPPF", 8)),
 *         ret(path("TPPF"))))
 * }</pre>
 *
 * Names are given in ASL notation ({@code "\\_SB.PCI0"}, {@code "^FOO"}, {@code "TPM"}) and
 * checked by {@link NameString#of}; a bad name or out-of-range value throws
 * IllegalArgumentException naming it. Every method returns an immutable record.
 *
 * <p>The class is the vocabulary only, one factory per ASL operator and form, each a single
 * statement: a short form calls its full form (the default Target, a list for varargs), the
 * checks and the encoding live in the records, and ToUUID, EISAID and Unicode in a
 * package-private helper.
 */
public final class Asl {

    /** {@code Zero}. */
    public static final AmlInteger ZERO = AmlInteger.ZERO;
    /** {@code One}. */
    public static final AmlInteger ONE = AmlInteger.ONE;
    /** {@code Ones}. */
    public static final AmlInteger ONES = AmlInteger.ONES;

    private Asl() {
    }

    // ---- names, arguments, locals

    /** A name or path used as a value or a store target: {@code PPRQ}, {@code \_SB.TPM}. */
    public static NameString path(String path) {
        return NameString.of(path);
    }

    /** {@code ArgN}, N in 0..6. */
    public static ArgObj arg(int n) {
        return new ArgObj(n);
    }

    /** {@code LocalN}, N in 0..7. */
    public static LocalObj local(int n) {
        return new LocalObj(n);
    }

    /** {@code Debug}. */
    public static DebugObj debug() {
        return new DebugObj();
    }

    // ---- data

    /** An integer constant in its shortest encoding. */
    public static AmlInteger integer(long value) {
        return new AmlInteger(value);
    }

    /** A string constant (ASCII). */
    public static AmlString string(String value) {
        return new AmlString(value);
    }

    /** {@code Buffer(){b0, b1, ...}}; each value must fit a byte (0..255). */
    public static AmlBuffer buffer(int... bytes) {
        return new AmlBuffer(AslMacros.byteList(bytes));
    }

    /** {@code Buffer(){...}} of these bytes. */
    public static AmlBuffer buffer(byte[] bytes) {
        return new AmlBuffer(bytes);
    }

    /** {@code Buffer(size){...}}: a buffer of {@code size} bytes starting with {@code initial}. */
    public static AmlBuffer buffer(TermArg size, byte[] initial) {
        return new AmlBuffer(size, initial);
    }

    /** {@code Package(){elements}}. */
    public static AmlPackage pkg(PackageElement... elements) {
        return pkg(List.of(elements));
    }

    /** {@code Package(){elements}} from a list. */
    public static AmlPackage pkg(List<? extends PackageElement> elements) {
        return new AmlPackage(List.copyOf(elements));
    }

    /** {@code Package(numElements){elements}} (the rest uninitialized). */
    public static AmlPackage pkgOfSize(int numElements, PackageElement... elements) {
        return new AmlPackage(numElements, List.of(elements));
    }

    /** {@code VarPackage(numElements){elements}}. */
    public static VarPackage varPackage(TermArg numElements, PackageElement... elements) {
        return new VarPackage(numElements, List.of(elements));
    }

    /**
     * {@code ToUUID("aabbccdd-eeff-gghh-iijj-kkllmmnnoopp")} (ACPI 6.5 section 19.6): a 16-byte
     * buffer, the first three groups little-endian, the last two in their written order.
     */
    public static AmlBuffer toUuid(String uuid) {
        return new AmlBuffer(uuidBytes(uuid));
    }

    /** The 16 bytes ToUUID makes of {@code uuid}. */
    public static byte[] uuidBytes(String uuid) {
        return AslMacros.uuidBytes(uuid);
    }

    /**
     * {@code EISAID("PNP0A03")} (ACPI 6.5 section 19.6): three upper-case letters and four hex
     * digits compressed into 32 bits, stored byte-swapped as a DWord.
     */
    public static AmlInteger eisaId(String id) {
        return new AmlInteger(AslMacros.eisaId(id));
    }

    /**
     * {@code Unicode("text")} (ACPI 6.5 section 19.6): a buffer of the UTF-16LE characters and a
     * 16-bit null, the form {@code _STR} requires.
     */
    public static AmlBuffer unicode(String text) {
        return new AmlBuffer(AslMacros.unicode(text));
    }

    /** {@code ResourceTemplate(){descriptors}} with an End Tag. */
    public static ResourceTemplate resourceTemplate(ResourceDescriptor... descriptors) {
        return new ResourceTemplate(List.of(descriptors));
    }

    // ---- named objects

    /** {@code Name(name, value)}. */
    public static Name name(String name, DataObject value) {
        return new Name(NameString.of(name), value);
    }

    /** {@code Scope(name){terms}}. */
    public static Scope scope(String name, Aml... terms) {
        return scope(name, List.of(terms));
    }

    /** {@code Scope(name){terms}} from a list. */
    public static Scope scope(String name, List<? extends Aml> terms) {
        return new Scope(NameString.of(name), List.copyOf(terms));
    }

    /** {@code Device(name){terms}}. */
    public static Device device(String name, Aml... terms) {
        return device(name, List.of(terms));
    }

    /** {@code Device(name){terms}} from a list. */
    public static Device device(String name, List<? extends Aml> terms) {
        return new Device(NameString.of(name), List.copyOf(terms));
    }

    /** {@code Method(name, argCount, Serialized|NotSerialized){terms}} (sync level 0). */
    public static Method method(String name, int argCount, boolean serialized, Aml... terms) {
        return method(name, argCount, serialized, List.of(terms));
    }

    /** {@code Method(name, argCount, Serialized|NotSerialized, syncLevel){terms}}. */
    public static Method method(String name, int argCount, boolean serialized, int syncLevel, Aml... terms) {
        return new Method(NameString.of(name), argCount, serialized, syncLevel, List.of(terms));
    }

    /** {@code Method(...)} from a list of terms. */
    public static Method method(String name, int argCount, boolean serialized, List<? extends Aml> terms) {
        return new Method(NameString.of(name), argCount, serialized, 0, List.copyOf(terms));
    }

    /** {@code OperationRegion(name, space, offset, length)} with computed offset/length. */
    public static OperationRegion operationRegion(String name, RegionSpace space, TermArg offset, TermArg length) {
        return new OperationRegion(NameString.of(name), space, offset, length);
    }

    /** {@code OperationRegion(name, space, offset, length)} with constants. */
    public static OperationRegion operationRegion(String name, RegionSpace space, long offset, long length) {
        return operationRegion(name, space, integer(offset), integer(length));
    }

    /** {@code Field(region, access, lock, update){elements}}. */
    public static Field field(String region, AccessType access, LockRule lock, UpdateRule update,
            FieldElement... elements) {
        return new Field(NameString.of(region), access, lock, update, List.of(elements));
    }

    /** {@code IndexField(index, data, access, lock, update){elements}}. */
    public static IndexField indexField(String index, String data, AccessType access, LockRule lock,
            UpdateRule update, FieldElement... elements) {
        return new IndexField(NameString.of(index), NameString.of(data), access, lock, update, List.of(elements));
    }

    /** A field entry {@code NAME, bits}. */
    public static FieldElement named(String name, int bits) {
        return new FieldElement.Named(name, bits);
    }

    /** A reserved field entry {@code , bits}. */
    public static FieldElement reserved(int bits) {
        return new FieldElement.Reserved(bits);
    }

    /** A field entry {@code Offset(byteOffset)}. */
    public static FieldElement offset(int byteOffset) {
        return new FieldElement.Offset(byteOffset);
    }

    /** A field entry {@code AccessAs(type, attribute)}. */
    public static FieldElement accessAs(AccessType type, int attribute) {
        return new FieldElement.AccessAs(type, attribute);
    }

    /** {@code Mutex(name, syncLevel)}. */
    public static Mutex mutex(String name, int syncLevel) {
        return new Mutex(NameString.of(name), syncLevel);
    }

    /** {@code CreateBitField(buffer, bitIndex, name)}. */
    public static CreateBufferField createBitField(TermArg buffer, TermArg bitIndex, String name) {
        return new CreateBufferField(BufferFieldSize.BIT, buffer, bitIndex, NameString.of(name));
    }

    /** {@code CreateByteField(buffer, byteIndex, name)}. */
    public static CreateBufferField createByteField(TermArg buffer, TermArg byteIndex, String name) {
        return new CreateBufferField(BufferFieldSize.BYTE, buffer, byteIndex, NameString.of(name));
    }

    /** {@code CreateWordField(buffer, byteIndex, name)}. */
    public static CreateBufferField createWordField(TermArg buffer, TermArg byteIndex, String name) {
        return new CreateBufferField(BufferFieldSize.WORD, buffer, byteIndex, NameString.of(name));
    }

    /** {@code CreateDWordField(buffer, byteIndex, name)}. */
    public static CreateBufferField createDWordField(TermArg buffer, TermArg byteIndex, String name) {
        return new CreateBufferField(BufferFieldSize.DWORD, buffer, byteIndex, NameString.of(name));
    }

    /** {@code CreateQWordField(buffer, byteIndex, name)}. */
    public static CreateBufferField createQWordField(TermArg buffer, TermArg byteIndex, String name) {
        return new CreateBufferField(BufferFieldSize.QWORD, buffer, byteIndex, NameString.of(name));
    }

    /** {@code CreateField(buffer, bitIndex, numBits, name)}. */
    public static CreateField createField(TermArg buffer, TermArg bitIndex, TermArg numBits, String name) {
        return new CreateField(buffer, bitIndex, numBits, NameString.of(name));
    }

    /** {@code External(name, type, argCount)}. */
    public static External external(String name, ObjectTypeCode type, int argCount) {
        return new External(NameString.of(name), type, argCount);
    }

    /**
     * {@code If (Zero) { External(...) ... }}: declarations of objects other tables define, in the
     * block iasl puts them in so that interpreters skip them while loading the table.
     */
    public static If externals(External... declarations) {
        return new If(ZERO, List.of(declarations), List.of());
    }

    /** {@code Alias(source, alias)}. */
    public static Alias alias(String source, String alias) {
        return new Alias(NameString.of(source), NameString.of(alias));
    }

    /** {@code Event(name)}. */
    public static Event event(String name) {
        return new Event(NameString.of(name));
    }

    /** {@code PowerResource(name, systemLevel, resourceOrder){terms}}. */
    public static PowerResource powerResource(String name, int systemLevel, int resourceOrder, Aml... terms) {
        return new PowerResource(NameString.of(name), systemLevel, resourceOrder, List.of(terms));
    }

    /** {@code ThermalZone(name){terms}}. */
    public static ThermalZone thermalZone(String name, Aml... terms) {
        return new ThermalZone(NameString.of(name), List.of(terms));
    }

    /** {@code BankField(region, bank, bankValue, access, lock, update){elements}}. */
    public static BankField bankField(String region, String bank, TermArg bankValue, AccessType access, LockRule lock,
            UpdateRule update, FieldElement... elements) {
        return new BankField(NameString.of(region), NameString.of(bank), bankValue, access, lock, update,
                List.of(elements));
    }

    // ---- statements

    /** {@code If(predicate){then}}. */
    public static If ifThen(TermArg predicate, Aml... then) {
        return ifThen(predicate, List.of(then));
    }

    /** {@code If(predicate){then}} from a list. */
    public static If ifThen(TermArg predicate, List<? extends Aml> then) {
        return ifElse(predicate, then, List.of());
    }

    /** {@code If(predicate){then} Else {orElse}}. */
    public static If ifElse(TermArg predicate, List<? extends Aml> then, List<? extends Aml> orElse) {
        return new If(predicate, List.copyOf(then), List.copyOf(orElse));
    }

    /** {@code While(predicate){terms}}. */
    public static While whileLoop(TermArg predicate, Aml... terms) {
        return whileLoop(predicate, List.of(terms));
    }

    /** {@code While(predicate){terms}} from a list. */
    public static While whileLoop(TermArg predicate, List<? extends Aml> terms) {
        return new While(predicate, List.copyOf(terms));
    }

    /** {@code Break}. */
    public static Break breakLoop() {
        return new Break();
    }

    /** {@code Continue}. */
    public static Continue continueLoop() {
        return new Continue();
    }

    /** {@code Return(value)}. */
    public static Return ret(TermArg value) {
        return new Return(value);
    }

    /** {@code Notify(object, value)} (named so because Object.notify() would hide a static import of "notify"). */
    public static Notify notifyObject(SuperName object, TermArg value) {
        return new Notify(object, value);
    }

    /** {@code Noop}. */
    public static Noop noop() {
        return new Noop();
    }

    /** {@code Sleep(milliseconds)}. */
    public static Sleep sleep(TermArg milliseconds) {
        return new Sleep(milliseconds);
    }

    /** {@code Stall(microseconds)}. */
    public static Stall stall(TermArg microseconds) {
        return new Stall(microseconds);
    }

    /** {@code Acquire(mutex, timeoutMillis)}; 0xFFFF waits forever. */
    public static Acquire acquire(String mutex, int timeoutMillis) {
        return new Acquire(NameString.of(mutex), timeoutMillis);
    }

    /** {@code Release(mutex)}. */
    public static Release release(String mutex) {
        return new Release(NameString.of(mutex));
    }

    /** {@code Signal(event)}. */
    public static Signal signal(String event) {
        return new Signal(NameString.of(event));
    }

    /** {@code Wait(event, timeoutMillis)}; yields True on timeout. */
    public static Wait waitFor(String event, TermArg timeoutMillis) {
        return new Wait(NameString.of(event), timeoutMillis);
    }

    /** {@code Reset(event)}. */
    public static ResetEvent resetEvent(String event) {
        return new ResetEvent(NameString.of(event));
    }

    /** {@code Fatal(type, code, arg)}. */
    public static Fatal fatal(int type, long code, TermArg arg) {
        return new Fatal(type, code, arg);
    }

    /** {@code BreakPoint}. */
    public static BreakPoint breakPoint() {
        return new BreakPoint();
    }

    /** Terms spliced in as bytes. */
    public static RawAml raw(byte[] aml) {
        return new RawAml(aml);
    }

    // ---- expressions

    /** {@code Store(source, destination)}, ASL+ {@code destination = source}. */
    public static Store store(TermArg source, SuperName destination) {
        return new Store(source, destination);
    }

    /** {@code CopyObject(source, destination)}. */
    public static CopyObject copyObject(TermArg source, SuperName destination) {
        return new CopyObject(source, destination);
    }

    /** {@code MethodName(args...)}. */
    public static MethodCall call(String method, TermArg... args) {
        return new MethodCall(NameString.of(method), List.of(args));
    }

    /** {@code Add(a, b)}. */
    public static BinaryOp add(TermArg a, TermArg b) {
        return add(a, b, Target.NONE);
    }

    /** {@code Add(a, b, target)}. */
    public static BinaryOp add(TermArg a, TermArg b, Target target) {
        return new BinaryOp(BinaryOperator.ADD, a, b, target);
    }

    /** {@code Subtract(a, b)}. */
    public static BinaryOp subtract(TermArg a, TermArg b) {
        return subtract(a, b, Target.NONE);
    }

    /** {@code Subtract(a, b, target)}. */
    public static BinaryOp subtract(TermArg a, TermArg b, Target target) {
        return new BinaryOp(BinaryOperator.SUBTRACT, a, b, target);
    }

    /** {@code Multiply(a, b)}. */
    public static BinaryOp multiply(TermArg a, TermArg b) {
        return multiply(a, b, Target.NONE);
    }

    /** {@code Multiply(a, b, target)}. */
    public static BinaryOp multiply(TermArg a, TermArg b, Target target) {
        return new BinaryOp(BinaryOperator.MULTIPLY, a, b, target);
    }

    /** {@code Mod(a, b)}. */
    public static BinaryOp mod(TermArg a, TermArg b) {
        return new BinaryOp(BinaryOperator.MOD, a, b, Target.NONE);
    }

    /** {@code ShiftLeft(a, count)}. */
    public static BinaryOp shiftLeft(TermArg a, TermArg count) {
        return shiftLeft(a, count, Target.NONE);
    }

    /** {@code ShiftLeft(a, count, target)}. */
    public static BinaryOp shiftLeft(TermArg a, TermArg count, Target target) {
        return new BinaryOp(BinaryOperator.SHIFT_LEFT, a, count, target);
    }

    /** {@code ShiftRight(a, count)}. */
    public static BinaryOp shiftRight(TermArg a, TermArg count) {
        return shiftRight(a, count, Target.NONE);
    }

    /** {@code ShiftRight(a, count, target)}. */
    public static BinaryOp shiftRight(TermArg a, TermArg count, Target target) {
        return new BinaryOp(BinaryOperator.SHIFT_RIGHT, a, count, target);
    }

    /** {@code And(a, b)}. */
    public static BinaryOp and(TermArg a, TermArg b) {
        return and(a, b, Target.NONE);
    }

    /** {@code And(a, b, target)}. */
    public static BinaryOp and(TermArg a, TermArg b, Target target) {
        return new BinaryOp(BinaryOperator.AND, a, b, target);
    }

    /** {@code NAnd(a, b)}. */
    public static BinaryOp nand(TermArg a, TermArg b) {
        return new BinaryOp(BinaryOperator.NAND, a, b, Target.NONE);
    }

    /** {@code Or(a, b)}. */
    public static BinaryOp or(TermArg a, TermArg b) {
        return or(a, b, Target.NONE);
    }

    /** {@code Or(a, b, target)}. */
    public static BinaryOp or(TermArg a, TermArg b, Target target) {
        return new BinaryOp(BinaryOperator.OR, a, b, target);
    }

    /** {@code NOr(a, b)}. */
    public static BinaryOp nor(TermArg a, TermArg b) {
        return new BinaryOp(BinaryOperator.NOR, a, b, Target.NONE);
    }

    /** {@code XOr(a, b)}. */
    public static BinaryOp xor(TermArg a, TermArg b) {
        return xor(a, b, Target.NONE);
    }

    /** {@code XOr(a, b, target)}. */
    public static BinaryOp xor(TermArg a, TermArg b, Target target) {
        return new BinaryOp(BinaryOperator.XOR, a, b, target);
    }

    /** {@code Concatenate(a, b)}. */
    public static BinaryOp concat(TermArg a, TermArg b) {
        return new BinaryOp(BinaryOperator.CONCAT, a, b, Target.NONE);
    }

    /** {@code Divide(dividend, divisor, remainder, quotient)}; evaluates to the quotient. */
    public static Divide divide(TermArg dividend, TermArg divisor, Target remainder, Target quotient) {
        return new Divide(dividend, divisor, remainder, quotient);
    }

    /** {@code Not(a)}. */
    public static UnaryOp not(TermArg a) {
        return not(a, Target.NONE);
    }

    /** {@code Not(a, target)}. */
    public static UnaryOp not(TermArg a, Target target) {
        return new UnaryOp(UnaryOperator.NOT, a, target);
    }

    /** {@code FindSetLeftBit(a)}. */
    public static UnaryOp findSetLeftBit(TermArg a) {
        return new UnaryOp(UnaryOperator.FIND_SET_LEFT_BIT, a, Target.NONE);
    }

    /** {@code FindSetRightBit(a)}. */
    public static UnaryOp findSetRightBit(TermArg a) {
        return new UnaryOp(UnaryOperator.FIND_SET_RIGHT_BIT, a, Target.NONE);
    }

    /** {@code ToInteger(a)}. */
    public static UnaryOp toInteger(TermArg a) {
        return toInteger(a, Target.NONE);
    }

    /** {@code ToInteger(a, target)}. */
    public static UnaryOp toInteger(TermArg a, Target target) {
        return new UnaryOp(UnaryOperator.TO_INTEGER, a, target);
    }

    /** {@code ToBuffer(a)}. */
    public static UnaryOp toBuffer(TermArg a) {
        return toBuffer(a, Target.NONE);
    }

    /** {@code ToBuffer(a, target)}. */
    public static UnaryOp toBuffer(TermArg a, Target target) {
        return new UnaryOp(UnaryOperator.TO_BUFFER, a, target);
    }

    /** {@code ToHexString(a)}. */
    public static UnaryOp toHexString(TermArg a) {
        return new UnaryOp(UnaryOperator.TO_HEX_STRING, a, Target.NONE);
    }

    /** {@code ToDecimalString(a)}. */
    public static UnaryOp toDecimalString(TermArg a) {
        return new UnaryOp(UnaryOperator.TO_DECIMAL_STRING, a, Target.NONE);
    }

    /** {@code LAnd(a, b)}, ASL+ {@code a && b}. */
    public static LogicalOp lAnd(TermArg a, TermArg b) {
        return new LogicalOp(LogicalOperator.LAND, a, b);
    }

    /** {@code LOr(a, b)}, ASL+ {@code a || b}. */
    public static LogicalOp lOr(TermArg a, TermArg b) {
        return new LogicalOp(LogicalOperator.LOR, a, b);
    }

    /** {@code LNot(a)}, ASL+ {@code !a}. */
    public static LNot lNot(TermArg a) {
        return new LNot(a);
    }

    /** {@code LEqual(a, b)}, ASL+ {@code a == b}. */
    public static LogicalOp lEqual(TermArg a, TermArg b) {
        return new LogicalOp(LogicalOperator.LEQUAL, a, b);
    }

    /** {@code LNotEqual(a, b)} = {@code LNot(LEqual(a, b))}. */
    public static LNot lNotEqual(TermArg a, TermArg b) {
        return new LNot(lEqual(a, b));
    }

    /** {@code LGreater(a, b)}, ASL+ {@code a > b}. */
    public static LogicalOp lGreater(TermArg a, TermArg b) {
        return new LogicalOp(LogicalOperator.LGREATER, a, b);
    }

    /** {@code LGreaterEqual(a, b)} = {@code LNot(LLess(a, b))}. */
    public static LNot lGreaterEqual(TermArg a, TermArg b) {
        return new LNot(lLess(a, b));
    }

    /** {@code LLess(a, b)}, ASL+ {@code a < b}. */
    public static LogicalOp lLess(TermArg a, TermArg b) {
        return new LogicalOp(LogicalOperator.LLESS, a, b);
    }

    /** {@code LLessEqual(a, b)} = {@code LNot(LGreater(a, b))}. */
    public static LNot lLessEqual(TermArg a, TermArg b) {
        return new LNot(lGreater(a, b));
    }

    /** {@code DerefOf(reference)}. */
    public static DerefOf derefOf(TermArg reference) {
        return new DerefOf(reference);
    }

    /** {@code Index(source, index)}, ASL+ {@code source[index]}. */
    public static Index index(TermArg source, TermArg index) {
        return index(source, index, Target.NONE);
    }

    /** {@code Index(source, index, target)}. */
    public static Index index(TermArg source, TermArg index, Target target) {
        return new Index(source, index, target);
    }

    /** {@code RefOf(name)}. */
    public static RefOf refOf(SuperName name) {
        return new RefOf(name);
    }

    /** {@code CondRefOf(name)}. */
    public static CondRefOf condRefOf(SuperName name) {
        return new CondRefOf(name, Target.NONE);
    }

    /** {@code SizeOf(name)}. */
    public static SizeOf sizeOf(SuperName name) {
        return new SizeOf(name);
    }

    /** {@code ObjectType(name)}. */
    public static ObjectType objectType(SuperName name) {
        return new ObjectType(name);
    }

    /** {@code Increment(name)}. */
    public static Increment increment(SuperName name) {
        return new Increment(name);
    }

    /** {@code Decrement(name)}. */
    public static Decrement decrement(SuperName name) {
        return new Decrement(name);
    }

    /** {@code Mid(source, index, length)}. */
    public static Mid mid(TermArg source, TermArg index, TermArg length) {
        return new Mid(source, index, length, Target.NONE);
    }

    /** {@code ToString(buffer, length)}; length Ones takes the bytes up to the first null. */
    public static ToStringOp toStringOf(TermArg buffer, TermArg length) {
        return new ToStringOp(buffer, length, Target.NONE);
    }

    /** {@code Match(package, op1, operand1, op2, operand2, startIndex)}. */
    public static Match match(TermArg searchPackage, MatchOperator op1, TermArg operand1, MatchOperator op2,
            TermArg operand2, TermArg startIndex) {
        return new Match(searchPackage, op1, operand1, op2, operand2, startIndex);
    }

    /** {@code Revision}. */
    public static Revision revision() {
        return new Revision();
    }

    /** {@code Timer}. */
    public static Timer timer() {
        return new Timer();
    }

    /** Encodes {@code terms} one after the other: the AML body of a DSDT or SSDT. */
    public static byte[] encode(List<? extends Aml> terms) {
        AmlSink out = new AmlSink(1024);
        Aml.encodeAll(out, terms);
        return out.toByteArray();
    }

    /** Encodes {@code terms} one after the other. */
    public static byte[] encode(Aml... terms) {
        return encode(Arrays.asList(terms));
    }
}
