// Temporary: screenshots of the pipeline board for review. Deleted after use.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base, user, out := os.Args[1], os.Args[2], os.Args[3]
	w, h := 1366, 900
	if os.Args[4] == "phone" {
		w, h = 390, 844
	}
	path, mode, shot := os.Args[5], os.Args[6], os.Args[7]
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("/usr/bin/chromium"), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(w, h))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), pw()),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitReady(chromedp.CSS("#nav")),
		chromedp.Navigate(base+path),
		chromedp.Sleep(700*time.Millisecond),
	))
	if os.Getenv("EN") != "" {
		must(chromedp.Do(ctx, chromedp.Click(chromedp.CSS("form.lang button")), chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)), chromedp.Sleep(500*time.Millisecond)))
	}
	switch mode {
	case "gate", "gate2":
		to := "operating"
		if mode == "gate2" {
			to = "lead"
		}
		r, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var c=document.querySelector('#column-negotiating .cardlet[draggable="true"]'); var d=c.querySelector('details'); d.open=true; var s=c.querySelector('select'); s.value='`+to+`'; c.querySelector('form').requestSubmit(); return c.id})()`))
		must(err)
		fmt.Println("card", r)
		must(chromedp.Do(ctx, chromedp.Sleep(1500*time.Millisecond)))
	case "fill":
		r, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var c=document.querySelector('#column-negotiating .cardlet[draggable="true"]'); var d=c.querySelector('details'); d.open=true; var s=c.querySelector('select'); s.value='operating'; c.querySelector('form').requestSubmit(); return c.id + ' ' + c.dataset.name})()`))
		must(err)
		fmt.Println("card", r)
		must(chromedp.Do(ctx, chromedp.Sleep(1500*time.Millisecond)))
		r, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var sel=document.getElementById('f-enterprise_id'); var n=sel.options.length; var labels=[]; for (var i=0;i<Math.min(4,n);i++) labels.push(sel.options[i].text); sel.selectedIndex=1;
		  document.getElementById('f-contract_actual').value='2026-01-05'; document.getElementById('f-contracted_fdi').value='USD 5m';
		  document.getElementById('f-construction_actual').value='2026-03-01'; document.getElementById('f-site').value='高新区 B-7 地块';
		  document.getElementById('f-operation_actual').value='2026-x';
		  document.getElementById('gate-form').requestSubmit(); return n + ' options: ' + labels.join(' / ')})()`))
		must(err)
		fmt.Println(r)
		must(chromedp.Do(ctx, chromedp.Sleep(1500*time.Millisecond)))
		_, err = chromedp.Run(ctx, chromedp.Evaluate[int](`(function(){document.querySelector('dialog').scrollTop=0; return 1})()`))
		must(err)
	case "nojs", "nojs2":
		to := "operating"
		if mode == "nojs2" {
			to = "lost"
		}
		_, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var c=document.querySelector('#column-negotiating .cardlet[draggable="true"]'); var s=c.querySelector('select'); s.value='`+to+`'; c.querySelector('form').submit(); return c.id})()`))
		must(err)
		must(chromedp.Do(ctx, chromedp.Sleep(1500*time.Millisecond)))
	case "ok":
		r, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var c=document.querySelector('#column-lead .cardlet[draggable="true"]'); var d=c.querySelector('details'); d.open=true; var s=c.querySelector('select'); s.value='contacted'; c.querySelector('form').requestSubmit(); return c.id})()`))
		must(err)
		fmt.Println("card", r)
		must(chromedp.Do(ctx, chromedp.Sleep(2000*time.Millisecond)))
		r, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.outerHTML.slice(0,80) + ' in ' + document.activeElement.closest('.column').id`))
		must(err)
		fmt.Println("focus:", r)
	case "focus":
		_, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(function(){var c=document.querySelector('.cardlet[draggable="true"] summary'); c.focus(); c.click(); return 1})()`))
		must(err)
	}
	var png []byte
	var err error
	if shot == "full" {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	} else {
		png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
	}
	must(err)
	must(os.WriteFile(out, png, 0o644))
	if mode != "" {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('board-status')||{}).textContent + ' | ' + ((document.getElementById('gate-dialog')||{}).open) + ' | ' + ['html','body','main','#board','.board-filters','.page-head'].map(function(s){var e=document.querySelector(s); return s+':'+e.scrollWidth+'/'+e.clientWidth+'/'+getComputedStyle(e).overflowX}).join(' ')`))
		must(err)
		fmt.Println("status:", s)
	}
	fmt.Println("wrote", out)
}

func pw() string {
	if p := os.Getenv("PW"); p != "" {
		return p
	}
	return "demo-password-2023"
}
