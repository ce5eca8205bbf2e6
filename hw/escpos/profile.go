package escpos

import (
	"fmt"
	"slices"
	"strings"
)

// Profile says what a printer model can do. The driver renders every
// document for a profile: what the model lacks is drawn as a raster image
// (QR codes without native QR support, characters outside its font), and
// a model without a cutter gets paper fed past the tear bar instead of a
// cut.
type Profile struct {
	Name        string // e.g. "generic-80"; what --profile and the settings take
	Description string // for the technician, English

	PaperWidthMM int // 58 or 80
	// PrintableDots is the width of a printed line in dots (384 on 58 mm
	// paper, 576 on 80 mm, at 8 dots per mm).
	PrintableDots int
	// CharsPerLine is how many Font A characters (12 dots) fit on a line;
	// a Chinese character takes two.
	CharsPerLine int

	// NativeQR: the model prints QR codes itself (GS ( k). Without it
	// the driver sends the symbol as a raster image.
	NativeQR bool
	// FourByteGB18030: the model's font has the characters GB18030 encodes
	// in four bytes (CJK Extension A such as 䶵, Korean Hangul, …). Without
	// it only the two-byte (GBK) characters print from the font. Characters
	// beyond the Basic Multilingual Plane (CJK Extension B and later, such
	// as 𠮷) are always drawn: no common printer font has them.
	FourByteGB18030 bool
	// Cutter: the model has an autocutter (GS V).
	Cutter bool
	// Status: the model answers real-time status requests (DLE EOT). A
	// model that does not is printed to blind: paper out cannot be seen.
	Status bool
	// FeedLines is how many lines to feed after the last line so it
	// clears the tear bar or reaches the cutter; default 3 without a
	// cutter, 0 with one (GS V Function B feeds to the cutter itself).
	FeedLines int
}

// DefaultProfile is the profile used when none is configured: the common
// 80 mm Chinese receipt printer.
const DefaultProfile = "generic-80"

var profiles = []Profile{
	{
		Name:          "generic-80",
		Description:   "80 mm receipt printer with cutter, GBK font, native QR (Xprinter XP-80/Q200, Gprinter GP-80 class)",
		PaperWidthMM:  80,
		PrintableDots: 576,
		CharsPerLine:  48,
		NativeQR:      true,
		Cutter:        true,
		Status:        true,
	},
	{
		Name:            "gb18030-80",
		Description:     "80 mm receipt printer with cutter, full GB18030 font (four-byte characters), native QR (Epson TM-T88/T82 Simplified Chinese class)",
		PaperWidthMM:    80,
		PrintableDots:   576,
		CharsPerLine:    48,
		NativeQR:        true,
		FourByteGB18030: true,
		Cutter:          true,
		Status:          true,
	},
	{
		Name:          "generic-58",
		Description:   "58 mm receipt printer, tear bar, GBK font, native QR (Xprinter XP-58IIH class)",
		PaperWidthMM:  58,
		PrintableDots: 384,
		CharsPerLine:  32,
		NativeQR:      true,
		Status:        true,
	},
	{
		Name:          "basic-58",
		Description:   "58 mm receipt printer, tear bar, GBK font, no QR command (older or cheapest models): QR codes go as images",
		PaperWidthMM:  58,
		PrintableDots: 384,
		CharsPerLine:  32,
		Status:        true,
	},
}

// Profiles lists the built-in profiles, the default first.
func Profiles() []Profile { return slices.Clone(profiles) }

// LookupProfile returns the built-in profile called name ("" means
// DefaultProfile). The error lists the names there are.
func LookupProfile(name string) (Profile, error) {
	if name == "" {
		name = DefaultProfile
	}
	for _, p := range profiles {
		if p.Name == name {
			return p.withDefaults(), nil
		}
	}
	names := make([]string, len(profiles))
	for i, p := range profiles {
		names[i] = p.Name
	}
	return Profile{}, fmt.Errorf("unknown printer profile %q — use one of %s", name, strings.Join(names, ", "))
}

// withDefaults is the one place Profile defaults are applied; a zero
// Profile becomes DefaultProfile.
func (p Profile) withDefaults() Profile {
	if p.PrintableDots <= 0 {
		def, _ := LookupProfile(DefaultProfile)
		if p.Name == "" {
			return def
		}
		p.PaperWidthMM, p.PrintableDots = def.PaperWidthMM, def.PrintableDots
	}
	p.PrintableDots = p.PrintableDots / 8 * 8
	if p.CharsPerLine <= 0 {
		p.CharsPerLine = p.PrintableDots / fontAWidth
	}
	if p.FeedLines <= 0 && !p.Cutter {
		p.FeedLines = 3
	}
	return p
}

// CanPrint reports whether the model prints r from its own font; other
// characters are drawn (see Glyphs).
func (p Profile) CanPrint(r rune) bool { return encodeRune(r, p) != nil }
