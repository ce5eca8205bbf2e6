package fingerprint

import (
	"errors"
	"fmt"
	"slices"
)

// Error is a failure the module reported (a confirmation code other than
// 0x00) or one the driver detected on the line (no reply, bad checksum).
// The web UI shows Zh or En, or looks Key up in its locale files.
// errors.Is matches two Errors with the same Key, so
// errors.Is(err, fingerprint.ErrNoMatch) works on what a method returns.
type Error struct {
	Code   byte   // the module's confirmation code; 0 when the driver detected the error
	Key    string // locale key, e.g. "fingerprint.err.no_match"
	Zh     string // for the person at the sensor or the technician, zh-CN
	En     string // the same in English
	Op     string // the command that failed, e.g. "Search"; empty in the sentinels
	Detail string // what the driver saw, e.g. "reply from address 0x00000001"
}

func (e *Error) Error() string {
	s := "fingerprint"
	if e.Op != "" {
		s += " " + e.Op
	}
	s += ": " + e.En + " (" + e.Zh + ")"
	if e.Code != 0 {
		s += fmt.Sprintf(" [code 0x%02X]", e.Code)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Is reports whether target is an *Error with the same Key.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Key == e.Key
}

// with returns a copy of e naming the failed command and a detail.
func (e *Error) with(op, detail string) *Error {
	c := *e
	c.Op, c.Detail = op, detail
	return &c
}

// CodeOK is the confirmation code of success: manual "Confirmation code".
const CodeOK byte = 0x00

// Confirmation codes: manual "Confirmation code" table (R30x/AS608), with
// the R50x additions from 0x1F.
var (
	ErrPacketReceive    = codeError(0x01, "packet_receive", "模块接收数据包出错", "the sensor could not receive the packet — check the cable")
	ErrNoFinger         = codeError(0x02, "no_finger", "请按手指", "no finger on the sensor — place a finger")
	ErrEnroll           = codeError(0x03, "enroll_failed", "采集指纹失败，请重按", "failed to capture the finger — press again")
	ErrImageDry         = codeError(0x04, "image_dry", "指纹太干或太淡，请重按", "fingerprint image too dry or faint — press again")
	ErrImageWet         = codeError(0x05, "image_wet", "手指太湿，请擦干后重按", "fingerprint image too wet — dry the finger and press again")
	ErrImageMessy       = codeError(0x06, "image_messy", "图像太乱，请重按", "image too messy — press again")
	ErrFewFeatures      = codeError(0x07, "few_features", "特征点太少，请重按", "too few feature points — press again, flat and centred")
	ErrNotMatching      = codeError(0x08, "not_matching", "指纹不匹配", "the finger doesn't match")
	ErrNoMatch          = codeError(0x09, "no_match", "未识别，请重按", "no match found in the library — press again")
	ErrCombine          = codeError(0x0A, "combine_failed", "两次按压不是同一手指", "failed to combine the two presses: not the same finger — enrol again")
	ErrBadPage          = codeError(0x0B, "bad_page", "指纹编号超出指纹库范围", "page id beyond the library")
	ErrReadTemplate     = codeError(0x0C, "read_template", "读取指纹模板出错或模板无效", "error reading the template, or the template is invalid")
	ErrUploadFeature    = codeError(0x0D, "upload_feature", "上传特征失败", "uploading the template failed")
	ErrReceiveData      = codeError(0x0E, "receive_data", "模块不能接收后续数据包", "the sensor can't receive the following data packets")
	ErrUploadImage      = codeError(0x0F, "upload_image", "上传图像失败", "uploading the image failed")
	ErrDelete           = codeError(0x10, "delete_failed", "删除指纹模板失败", "deleting the template failed")
	ErrClear            = codeError(0x11, "clear_failed", "清空指纹库失败", "clearing the library failed")
	ErrWrongPassword    = codeError(0x13, "wrong_password", "指纹模块口令不正确", "wrong sensor password — check the password setting")
	ErrNoValidImage     = codeError(0x15, "no_valid_image", "没有有效的指纹图像，请重按", "no valid primary image — press again")
	ErrFlashWrite       = codeError(0x18, "flash_write", "写入模块闪存出错", "error writing the sensor's flash — the sensor may be failing")
	ErrUndefined        = codeError(0x19, "undefined", "模块未定义错误", "undefined error in the sensor")
	ErrInvalidRegister  = codeError(0x1A, "invalid_register", "寄存器号无效", "invalid register number")
	ErrRegisterConfig   = codeError(0x1B, "register_config", "寄存器设置内容错误", "incorrect register configuration")
	ErrNotepadPage      = codeError(0x1C, "notepad_page", "记事本页码错误", "wrong notepad page number")
	ErrPortOperation    = codeError(0x1D, "port_failed", "模块通信端口操作失败", "the sensor failed to operate its communication port")
	ErrLibraryFull      = codeError(0x1F, "library_full", "指纹库已满", "the fingerprint library is full — delete unused templates")
	ErrAddressCode      = codeError(0x20, "address_code", "模块地址错误", "wrong module address — check the address setting")
	ErrPasswordRequired = codeError(0x21, "password_required", "须先验证模块口令", "the sensor's password must be verified first")
	ErrTemplateEmpty    = codeError(0x22, "template_empty", "指纹模板为空", "the template is empty")
	ErrLibraryEmpty     = codeError(0x24, "library_empty", "指纹库为空", "the fingerprint library is empty")
	ErrModuleTimeout    = codeError(0x26, "module_timeout", "模块操作超时", "the sensor timed out")
	ErrDuplicate        = codeError(0x27, "duplicate", "该手指已登记", "this finger is already enrolled")
	ErrSensorFault      = codeError(0x29, "sensor_fault", "指纹传感器故障", "sensor hardware fault — replace the sensor")
	ErrUnsupported      = codeError(0xFC, "unsupported", "模块不支持该指令", "the sensor does not support this command")
	ErrHardware         = codeError(0xFD, "hardware", "模块硬件错误", "sensor hardware error")
	ErrExecution        = codeError(0xFE, "execution_failed", "模块指令执行失败", "the sensor failed to execute the command")
)

// Errors the driver detects on the line.
var (
	ErrNoReply          = hostError("no_reply", "指纹模块无应答", "the sensor does not answer — check the cable, the power and the baud rate")
	ErrChecksum         = hostError("bad_checksum", "指纹模块数据校验错误", "bad checksum in a packet from the sensor — check the cable and the baud rate")
	ErrWrongAddress     = hostError("wrong_address", "指纹模块地址不符", "the sensor answered from another address — check the address setting")
	ErrBadReply         = hostError("bad_reply", "指纹模块应答格式错误", "unexpected reply from the sensor — check that it is an R30x/AS608 module")
	ErrTemplateTooLarge = hostError("template_too_large", "指纹模板过大", "the template is too large — is this the right kind of sensor?")
	ErrBadArgument      = hostError("bad_argument", "参数超出范围", "argument out of range")
)

var codeErrors = map[byte]*Error{}

func codeError(code byte, key, zh, en string) *Error {
	e := &Error{Code: code, Key: "fingerprint.err." + key, Zh: zh, En: en}
	codeErrors[code] = e
	return e
}

func hostError(key, zh, en string) *Error {
	return &Error{Key: "fingerprint.err." + key, Zh: zh, En: en}
}

// CodeError returns the error for a confirmation code (nil for CodeOK). A
// code missing from the manual's table gets the key
// "fingerprint.err.unknown" and says its number.
func CodeError(code byte) *Error {
	if code == CodeOK {
		return nil
	}
	if e, ok := codeErrors[code]; ok {
		return e
	}
	return &Error{Code: code, Key: "fingerprint.err.unknown",
		Zh: fmt.Sprintf("指纹模块错误（代码 0x%02X）", code),
		En: fmt.Sprintf("sensor error code 0x%02X", code)}
}

// Errors lists every named error, module codes first, so the UI can check
// that its locale files have every key.
func Errors() []*Error {
	var out []*Error
	for _, e := range codeErrors {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *Error) int { return int(a.Code) - int(b.Code) })
	return append(out, ErrNoReply, ErrChecksum, ErrWrongAddress, ErrBadReply, ErrTemplateTooLarge, ErrBadArgument, CodeError(0xFF))
}

// noAuraLED reports whether err is how a module without the R503's aura
// LED answers AuraLedConfig: R30x/AS608 firmware answers instructions it
// does not know with 0x01 ("error when receiving package"); R50x-era
// firmware with 0xFC ("unsupported command").
func noAuraLED(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Code == ErrPacketReceive.Code || e.Code == ErrUnsupported.Code)
}
