package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"bianmin/appliance/county"
	"bianmin/appliance/uplink"
)

func runBox(g *global, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(g.stderr, "用法 / usage: countyd box add --name NAME --area CODE --key BASE64 | countyd box list")
		return &exitError{2, errors.New("用法 / usage: countyd box add|list")}
	}
	if args[0] == "list" {
		fs := newFlags(g, "box list", "列出已登记的一体机 / list the registered boxes"+viaService)
		if _, err := parse(g, fs, args[1:]); err != nil {
			return err
		}
		boxes, err := call[[]county.Box](g, boxListOp, struct{}{})
		if err != nil {
			return err
		}
		for _, b := range boxes {
			fmt.Fprintf(g.stdout, "%s\t%s\t%s\t%s\n", b.Fingerprint, b.Name, b.Area, fmtTime(b))
		}
		return nil
	}
	fs := newFlags(g, "box add", "登记一体机（乡镇名称、行政区划代码、公钥），打印其编号 / register a box (township, area code, public key) and print its id"+viaService)
	name := fs.String("name", "", "乡镇名称 / the township's name")
	area := fs.String("area", "", "行政区划代码 / the area code (6, 9 or 12 digits)")
	key := fs.String("key", "", "一体机公钥（bianmin uplink key 的第一行）/ the box's public key (line 1 of bianmin uplink key)")
	if _, err := parse(g, fs, args[1:]); err != nil {
		return err
	}
	if *name == "" || *area == "" || *key == "" {
		fs.Usage()
		return &exitError{2, errors.New("缺少 / missing --name, --area or --key")}
	}
	b, err := call[county.Box](g, boxAddOp, boxAddArgs{Name: *name, Area: *area, Key: *key})
	if err != nil {
		return err
	}
	fmt.Fprintln(g.stdout, b.Fingerprint)
	return nil
}

func fmtTime(b county.Box) string {
	if b.LastContact.IsZero() {
		return "-"
	}
	return b.LastContact.Local().Format("2006-01-02 15:04:05")
}

func runRecords(g *global, args []string) error {
	if len(args) == 0 || args[0] != "count" {
		fmt.Fprintln(g.stderr, "用法 / usage: countyd records count --box NAME --kind KIND")
		return &exitError{2, errors.New("用法 / usage: countyd records count")}
	}
	fs := newFlags(g, "records count", "打印一个数：某乡镇某类记录的条数 / print one number: the box's records of a kind"+viaService+
		"\n\nKIND: "+strings.Join(uplink.Kinds, ", "))
	box := fs.String("box", "", "乡镇名称（或一体机编号）/ the township's name (or the box's id)")
	kind := fs.String("kind", "", "记录类型；不写为全部 / the kind of record; empty for all")
	if _, err := parse(g, fs, args[1:]); err != nil {
		return err
	}
	if *box == "" {
		fs.Usage()
		return &exitError{2, errors.New("缺少 / missing --box")}
	}
	n, err := call[int](g, recordsCountOp, countArgs{Box: *box, Kind: *kind})
	if err != nil {
		return &exitError{1, err}
	}
	fmt.Fprintln(g.stdout, n)
	return nil
}

// runImport takes a stick's batches (each box's manifest names them) and
// writes each box's receipt into the directory. The command reads and
// writes the stick; the store work runs where the store is.
func runImport(g *global, args []string) error {
	fs := newFlags(g, "import DIR", "导入U盘目录中的批次，并把回执写回该目录 / receive the batches in DIR (a stick) and write each box's receipt into DIR"+viaService)
	pos, err := parse(g, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出目录 / give the DIR")}
	}
	dir := pos[0]
	manifests, err := filepath.Glob(filepath.Join(dir, "uplink-*-manifest.json"))
	if err != nil {
		return err
	}
	if len(manifests) == 0 {
		return &exitError{1, fmt.Errorf("%s: %w", dir, uplink.ErrNoManifest)}
	}
	refusedAny := false
	for _, mp := range manifests {
		data, err := os.ReadFile(mp)
		if err != nil {
			return err
		}
		var m uplink.Manifest
		if err := json.Unmarshal(data, &m); err != nil || m.Format != uplink.ManifestFormat {
			return &exitError{1, fmt.Errorf("%s 不是上报清单 / is not an uplink manifest", mp)}
		}
		var ack *uplink.Ack
		stored, refused := 0, 0
		seqs := make([]uint64, 0, len(m.Batches))
		for _, mb := range m.Batches {
			seqs = append(seqs, mb.Seq)
			if filepath.Base(mb.File) != mb.File {
				return &exitError{1, fmt.Errorf("%s: %q 不是批次文件名 / is not a batch file's name", mp, mb.File)}
			}
			bd, err := os.ReadFile(filepath.Join(dir, mb.File))
			if err != nil {
				fmt.Fprintf(g.stderr, "%s: %v\n", mb.File, err)
				refused++
				continue
			}
			res, err := call[receiveResult](g, receiveOp, struct{}{}, bd)
			if err != nil {
				return err
			}
			if res.Refused != nil {
				fmt.Fprintf(g.stderr, "%s: 拒收 / refused: %s\n", mb.File, res.Refused.Error())
				refused++
				continue
			}
			stored++
			if res.Ack.Epoch == m.Epoch {
				ack = res.Ack
			}
		}
		refusedAny = refusedAny || refused > 0
		if ack == nil {
			fmt.Fprintf(g.stdout, "%s: 0 批收下，无回执 / no batch taken, no receipt\n", m.Box)
			continue
		}
		r, err := call[uplink.Receipt](g, receiptOp, receiptArgs{Box: m.Box, Epoch: m.Epoch, Seqs: seqs, Ack: *ack})
		if err != nil {
			return err
		}
		out, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		name := uplink.ReceiptName(m.Box)
		if err := uplink.WriteStickFile(dir, name, out); err != nil {
			return err
		}
		fmt.Fprintf(g.stdout, "%s: %d 批收下，%d 批拒收，确认到第 %d 批 / %d batches taken, %d refused, acknowledged through %d: %s\n",
			m.Box, stored, refused, ack.Seq, stored, refused, ack.Seq, filepath.Join(dir, name))
	}
	if refusedAny {
		return &exitError{1, errors.New("有批次被拒收，见上 / some batches were refused, see above")}
	}
	return nil
}
