module github.com/dwarfscope/dwarfscope

go 1.26.8
