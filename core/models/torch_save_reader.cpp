#include "models/torch_save_reader.h"

#include "error.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace noisynn {
namespace {

using Value = std::shared_ptr<PickleValue>;

Value make(PickleValue::Kind kind) {
    auto value = std::make_shared<PickleValue>();
    value->kind = kind;
    return value;
}

torch::ScalarType storageType(const std::string& name, const std::string& path) {
    static const std::map<std::string, torch::ScalarType> types = {
        {"torch.FloatStorage", torch::kFloat32}, {"torch.DoubleStorage", torch::kFloat64},
        {"torch.HalfStorage", torch::kFloat16},  {"torch.BFloat16Storage", torch::kBFloat16},
        {"torch.LongStorage", torch::kInt64},    {"torch.IntStorage", torch::kInt32},
        {"torch.ShortStorage", torch::kInt16},   {"torch.CharStorage", torch::kInt8},
        {"torch.ByteStorage", torch::kUInt8},    {"torch.BoolStorage", torch::kBool},
    };
    const auto found = types.find(name);
    if (found == types.end()) {
        throw Error(path + ": tensors of storage type " + name + " are not supported");
    }
    return found->second;
}

// The pickle virtual machine, for the opcodes torch.save's protocol 2 uses (and protocol 4's
// framing, in case a caller chose it).
class Unpickler {
public:
    Unpickler(const std::string& path, caffe2::serialize::PyTorchStreamReader& archive,
              const char* data, std::size_t size)
        : m_path(path), m_archive(archive), m_data(data), m_size(size) {}

    Value run() {
        for (;;) {
            const auto opcode = static_cast<unsigned char>(byte());
            switch (opcode) {
                case 0x80:
                    byte();
                    break;  // PROTO
                case 0x95:
                    take(8);
                    break;  // FRAME
                case '.':
                    return pop();  // STOP
                case '(':
                    m_marks.push_back(m_stack.size());
                    break;  // MARK
                case 'N':
                    push(make(PickleValue::Kind::None));
                    break;
                case 0x88:
                case 0x89: {  // NEWTRUE, NEWFALSE
                    auto value = make(PickleValue::Kind::Bool);
                    value->boolean = opcode == 0x88;
                    push(value);
                    break;
                }
                case 'J':
                    pushInteger(static_cast<std::int32_t>(little(4)));
                    break;  // BININT
                case 'K':
                    pushInteger(static_cast<std::uint8_t>(little(1)));
                    break;  // BININT1
                case 'M':
                    pushInteger(static_cast<std::uint16_t>(little(2)));
                    break;    // BININT2
                case 0x8a: {  // LONG1
                    const auto count = static_cast<std::size_t>(static_cast<unsigned char>(byte()));
                    if (count > 8)
                        fail("an integer wider than 64 bits");
                    std::uint64_t bits = count ? little(count) : 0;
                    if (count && count < 8 && (bits >> (8 * count - 1)) & 1u)
                        bits |= ~std::uint64_t{0} << (8 * count);  // sign-extend
                    pushInteger(static_cast<std::int64_t>(bits));
                    break;
                }
                case 'G': {  // BINFLOAT, big-endian
                    std::uint64_t bits = 0;
                    for (int i = 0; i < 8; ++i)
                        bits = (bits << 8) | static_cast<unsigned char>(byte());
                    auto value = make(PickleValue::Kind::Float);
                    std::memcpy(&value->number, &bits, sizeof bits);
                    push(value);
                    break;
                }
                case 'X':
                    pushString(take(little(4)));
                    break;  // BINUNICODE
                case 0x8c:
                    pushString(take(little(1)));
                    break;   // SHORT_BINUNICODE
                case 'c': {  // GLOBAL
                    const std::string module = line();
                    auto value = make(PickleValue::Kind::Global);
                    value->text = module + "." + line();
                    push(value);
                    break;
                }
                case 'q':
                    m_memo[little(1)] = top();
                    break;  // BINPUT
                case 'r':
                    m_memo[little(4)] = top();
                    break;  // LONG_BINPUT
                case 0x94:
                    m_memo[m_memo.size()] = top();
                    break;  // MEMOIZE
                case 'h':
                    push(memo(little(1)));
                    break;  // BINGET
                case 'j':
                    push(memo(little(4)));
                    break;  // LONG_BINGET
                case '}':
                    push(make(PickleValue::Kind::Dict));
                    break;
                case ']':
                    push(make(PickleValue::Kind::List));
                    break;
                case ')':
                    push(make(PickleValue::Kind::Tuple));
                    break;
                case 't':
                    push(sequence(PickleValue::Kind::Tuple, popToMark()));
                    break;
                case 0x85:
                case 0x86:
                case 0x87: {  // TUPLE1..3
                    const std::size_t count = opcode - 0x84;
                    if (m_stack.size() < count)
                        fail("a tuple with too few items");
                    std::vector<Value> items(m_stack.end() - count, m_stack.end());
                    m_stack.resize(m_stack.size() - count);
                    push(sequence(PickleValue::Kind::Tuple, std::move(items)));
                    break;
                }
                case 'a': {  // APPEND
                    auto item = pop();
                    top()->items.push_back(item);
                    break;
                }
                case 'e': {  // APPENDS
                    auto items = popToMark();
                    auto& list = top()->items;
                    list.insert(list.end(), items.begin(), items.end());
                    break;
                }
                case 's': {  // SETITEM
                    auto value = pop();
                    auto key = pop();
                    top()->entries.emplace_back(key, value);
                    break;
                }
                case 'u': {  // SETITEMS
                    auto items = popToMark();
                    if (items.size() % 2)
                        fail("SETITEMS with an odd count");
                    for (std::size_t i = 0; i < items.size(); i += 2)
                        top()->entries.emplace_back(items[i], items[i + 1]);
                    break;
                }
                case 'R': {  // REDUCE
                    auto arguments = pop();
                    auto callable = pop();
                    push(reduce(*callable, *arguments));
                    break;
                }
                case 0x81: {  // NEWOBJ
                    auto arguments = pop();
                    auto type = pop();
                    push(reduce(*type, *arguments));
                    break;
                }
                case 'b':
                    pop();
                    break;  // BUILD: object state (an OrderedDict's _metadata)
                case 'Q':
                    push(storage(*pop()));
                    break;  // BINPERSID
                default:
                    fail("pickle opcode 0x" + hex(opcode) + " is not supported");
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(m_path + ": cannot read the pickle at byte " + std::to_string(m_position) +
                    ": " + what);
    }

    static std::string hex(unsigned value) {
        const char* digits = "0123456789abcdef";
        return {digits[(value >> 4) & 15], digits[value & 15]};
    }

    char byte() {
        if (m_position >= m_size)
            fail("it ends before its STOP opcode");
        return m_data[m_position++];
    }
    std::string take(std::size_t count) {
        if (count > m_size - m_position)
            fail("it ends inside a value");
        std::string text(m_data + m_position, count);
        m_position += count;
        return text;
    }
    std::uint64_t little(std::size_t count) {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < count; ++i)
            value |= std::uint64_t{static_cast<unsigned char>(byte())} << (8 * i);
        return value;
    }
    std::string line() {
        std::string text;
        for (char c = byte(); c != '\n'; c = byte())
            text += c;
        return text;
    }

    void push(Value value) { m_stack.push_back(std::move(value)); }
    Value pop() {
        if (m_stack.empty())
            fail("its stack runs empty");
        auto value = m_stack.back();
        m_stack.pop_back();
        return value;
    }
    Value top() {
        if (m_stack.empty())
            fail("its stack runs empty");
        return m_stack.back();
    }
    Value memo(std::uint64_t index) {
        const auto found = m_memo.find(index);
        if (found == m_memo.end())
            fail("a memo entry that was never stored");
        return found->second;
    }
    std::vector<Value> popToMark() {
        if (m_marks.empty())
            fail("a MARK is missing");
        const std::size_t mark = m_marks.back();
        m_marks.pop_back();
        std::vector<Value> items(m_stack.begin() + static_cast<std::ptrdiff_t>(mark),
                                 m_stack.end());
        m_stack.resize(mark);
        return items;
    }
    void pushInteger(std::int64_t integer) {
        auto value = make(PickleValue::Kind::Int);
        value->integer = integer;
        push(value);
    }
    void pushString(std::string text) {
        auto value = make(PickleValue::Kind::String);
        value->text = std::move(text);
        push(value);
    }
    static Value sequence(PickleValue::Kind kind, std::vector<Value> items) {
        auto value = make(kind);
        value->items = std::move(items);
        return value;
    }

    std::vector<std::int64_t> integers(const PickleValue& tuple) {
        std::vector<std::int64_t> values;
        for (const auto& item : tuple.items) {
            if (item->kind != PickleValue::Kind::Int)
                fail("a tensor size that is not an integer");
            values.push_back(item->integer);
        }
        return values;
    }

    Value reduce(const PickleValue& callable, const PickleValue& arguments) {
        const auto& name = callable.text;
        const auto& args = arguments.items;
        if (name == "collections.OrderedDict") {
            return make(PickleValue::Kind::Dict);  // its items follow as SETITEMS
        }
        if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
            if (args.size() < 4 || args[0]->kind != PickleValue::Kind::Tensor)
                fail("_rebuild_tensor_v2 without a storage, offset, size and stride");
            auto value = make(PickleValue::Kind::Tensor);
            value->tensor = args[0]->tensor.as_strided(integers(*args[2]), integers(*args[3]),
                                                       args[1]->integer);
            return value;
        }
        if (name == "torch.jit._pickle.restore_type_tag") {
            // LibTorch's own pickle_save tags typed containers: (value, "Dict[str, Tensor]").
            if (args.empty())
                fail("restore_type_tag without a value");
            return args[0];
        }
        if (name == "torch._utils._rebuild_parameter") {
            if (args.empty() || args[0]->kind != PickleValue::Kind::Tensor)
                fail("_rebuild_parameter without a tensor");
            return args[0];
        }
        auto object = make(PickleValue::Kind::Object);  // e.g. an argparse.Namespace of options
        object->text = name;
        object->items = args;
        return object;
    }

    // ('storage', torch.FloatStorage, key, location, numel): the bytes are archive record data/key.
    Value storage(const PickleValue& id) {
        if (id.kind != PickleValue::Kind::Tuple || id.items.size() < 5 ||
            id.items[0]->text != "storage")
            fail("a persistent id that is not a tensor storage");
        const std::string key = id.items[2]->text;
        auto cached = m_storages.find(key);
        if (cached == m_storages.end()) {
            const auto type = storageType(id.items[1]->text, m_path);
            const auto count = id.items[4]->integer;
            auto [data, bytes] = m_archive.getRecord("data/" + key);
            auto tensor = torch::empty({count}, torch::TensorOptions().dtype(type));
            if (bytes != static_cast<std::size_t>(tensor.nbytes()))
                fail("storage " + key + " holds " + std::to_string(bytes) + " bytes; expected " +
                     std::to_string(tensor.nbytes()));
            std::memcpy(tensor.data_ptr(), data.get(), bytes);
            cached = m_storages.emplace(key, tensor).first;
        }
        auto value = make(PickleValue::Kind::Tensor);
        value->tensor = cached->second;
        return value;
    }

    const std::string& m_path;
    caffe2::serialize::PyTorchStreamReader& m_archive;
    const char* m_data;
    std::size_t m_size;
    std::size_t m_position = 0;
    std::vector<Value> m_stack;
    std::vector<std::size_t> m_marks;
    std::map<std::uint64_t, Value> m_memo;
    std::map<std::string, torch::Tensor> m_storages;
};

}  // namespace

PickleValue::~PickleValue() {
    std::vector<std::shared_ptr<PickleValue>> pending;
    // Every child is moved out; one this loop holds alone is taken apart in turn, so that it is
    // destroyed with no children left to recurse into. One still held elsewhere (the memo can
    // share a value between parents) is only released here and taken apart by its last holder.
    const auto adopt = [&pending](PickleValue& value) {
        const auto take = [&pending](std::shared_ptr<PickleValue>& child) {
            if (child) {
                pending.push_back(std::move(child));
            }
        };
        for (auto& item : value.items) {
            take(item);
        }
        for (auto& [key, entry] : value.entries) {
            take(key);
            take(entry);
        }
    };
    adopt(*this);
    while (!pending.empty()) {
        const std::shared_ptr<PickleValue> value = std::move(pending.back());
        pending.pop_back();
        if (value.use_count() == 1) {
            adopt(*value);
        }
    }
}

std::shared_ptr<const PickleValue> readTorchSave(const std::string& path) {
    if (!std::filesystem::is_regular_file(path)) {
        throw Error(path + ": file not found");
    }
    char magic[4] = {};
    std::ifstream(path, std::ios::binary).read(magic, 4);
    if (std::memcmp(magic, "PK\x03\x04", 4) != 0) {
        throw Error(path +
                    ": not a file torch.save wrote (PyTorch 1.6 or later writes a zip "
                    "archive; re-save older files with a current torch.save)");
    }
    try {
        caffe2::serialize::PyTorchStreamReader archive(path);
        auto [data, size] = archive.getRecord("data.pkl");
        return Unpickler(path, archive, static_cast<const char*>(data.get()), size).run();
    } catch (const c10::Error& error) {
        throw Error(path + ": not a file torch.save wrote (" +
                    std::string(error.what_without_backtrace()) + ")");
    }
}

std::vector<std::pair<std::string, torch::Tensor>> tensorEntries(const PickleValue& dict) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [key, value] : dict.entries) {
        if (key->kind == PickleValue::Kind::String && value->kind == PickleValue::Kind::Tensor) {
            tensors.emplace_back(key->text, value->tensor);
        }
    }
    return tensors;
}

const PickleValue* dictEntry(const PickleValue& dict, const std::string& key) {
    for (const auto& [name, value] : dict.entries) {
        if (name->kind == PickleValue::Kind::String && name->text == key) {
            return value.get();
        }
    }
    return nullptr;
}

}  // namespace noisynn
