module imagediet/api

go 1.21
