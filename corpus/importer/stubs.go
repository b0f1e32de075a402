package importer

import "errors"

var errNotYet = errors.New("this format is not supported yet; save it as text")

func pdfBlocks([]byte) ([]block, error)  { return nil, errNotYet }
