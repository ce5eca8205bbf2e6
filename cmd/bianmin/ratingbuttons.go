package main

import (
	"context"

	"bianmin/appliance/rating"
	"bianmin/hw/button"
)

// ratingPress is a rating button's press as the rating flow takes it; ok
// is false for any other button (a 取号 button is the queue's).
func ratingPress(p button.Press) (rating.Press, bool) {
	if p.Button.Kind != button.KindRating {
		return rating.Press{}, false
	}
	return rating.Press{Window: p.Button.Window, Level: rating.Level(p.Button.Level), At: p.At, Device: p.Device}, true
}

// runRatingButtons runs the line map's inputs and hands every rating
// press to flow until ctx is done (hw/button decides nothing about
// ratings: the flow does). Other presses go to others (the queue's 取号
// buttons), which may be nil.
func runRatingButtons(ctx context.Context, b *button.Buttons, flow *rating.Flow, others func(button.Press)) error {
	presses := make(chan button.Press, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for p := range presses {
			if rp, ok := ratingPress(p); ok {
				flow.Press(rp)
			} else if others != nil {
				others(p)
			}
		}
	}()
	err := b.Run(ctx, presses)
	close(presses)
	<-done
	return err
}
